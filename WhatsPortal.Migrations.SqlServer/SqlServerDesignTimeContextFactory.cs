using WhatsPortal.Data;

namespace WhatsPortal.Migrations.SqlServer;

internal sealed class SqlServerDesignTimeContextFactory() : DesignTimeContextFactory(DatabaseProvider.SqlServer, "Server=localhost;Database=design-time");
