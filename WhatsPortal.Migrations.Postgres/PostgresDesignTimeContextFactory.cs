using WhatsPortal.Data;

namespace WhatsPortal.Migrations.Postgres;

internal sealed class PostgresDesignTimeContextFactory() : DesignTimeContextFactory(DatabaseProvider.Postgres, "Host=localhost;Database=design-time");
