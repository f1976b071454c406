using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace WhatsPortal.Data;

/// <summary>
/// How the EF tools (<c>dotnet ef migrations add|script</c>, see scripts/add-migration.sh) make a context for one
/// provider's migrations assembly. They only read the model there, so the connection string names no real server.
/// </summary>
public abstract class DesignTimeContextFactory(DatabaseProvider provider, string connectionString) : IDesignTimeDbContextFactory<WhatsPortalDbContext>
{
    public WhatsPortalDbContext CreateDbContext(string[] args) =>
        new WhatsPortalDbContextFactory(new DbContextOptionsBuilder<WhatsPortalDbContext>().Use(provider, connectionString).Options, TimeProvider.System).AcrossTenants();
}
