using WhatsPortal.Data;

namespace WhatsPortal.Migrations.Sqlite;

internal sealed class SqliteDesignTimeContextFactory() : DesignTimeContextFactory(DatabaseProvider.Sqlite, "Data Source=design-time.db");
