using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace WhatsPortal.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database chosen by <c>Database:Provider</c> and a <see cref="WhatsPortalDbContextFactory"/>.
    /// Request code gets a <see cref="WhatsPortalDbContext"/> scoped by the <see cref="ITenantScopeSource"/> the host registers.
    /// </summary>
    public static IServiceCollection AddWhatsPortalData(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(sp => BuildOptions(
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value,
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<WhatsPortalDbContextFactory>();
        services.AddScoped(sp => sp.GetRequiredService<WhatsPortalDbContextFactory>().Create(sp.GetRequiredService<ITenantScopeSource>()));
        services.AddSingleton<DatabaseMigrator>();
        return services;
    }

    private static DbContextOptions<WhatsPortalDbContext> BuildOptions(DatabaseOptions database, StorageOptions storage, IConfiguration configuration)
    {
        var builder = new DbContextOptionsBuilder<WhatsPortalDbContext>();
        switch (database.Provider)
        {
            case DatabaseProvider.Postgres:
                var connectionString = configuration.GetConnectionString("Postgres");
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions),
                        ["Database:Provider is Postgres but ConnectionStrings:Postgres is empty (e.g. ConnectionStrings__Postgres=\"Host=localhost;Database=whatsportal;Username=whatsportal;Password=...\")."]);
                builder.UseNpgsql(connectionString);
                break;
            default:
                Directory.CreateDirectory(storage.FullDataDirectory);
                builder.UseSqlite($"Data Source={Path.Combine(storage.FullDataDirectory, "whatsportal.db")};Default Timeout=30")
                    .AddInterceptors(new SqliteConnectionPragmas());
                break;
        }
        // There is no model snapshot (EF's design-time tools are not in our registries); the schema test
        // compares migrated databases with the model instead of this warning.
        builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        return builder.Options;
    }
}
