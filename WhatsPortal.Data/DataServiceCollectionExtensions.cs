using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace WhatsPortal.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>The Data Protection application every node shares: keys are isolated by it, so it must not follow the content root.</summary>
    public const string KeyRingApplicationName = "WhatsPortal";

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
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WhatsPortalDbContextFactory>();
        services.AddScoped(sp => sp.GetRequiredService<WhatsPortalDbContextFactory>().Create(sp.GetRequiredService<ITenantScopeSource>()));
        services.AddSingleton<DatabaseMigrator>();
        // The key ring lives in the database, so every node decrypts what another encrypted (the portal's cookies and
        // tokens, the engine's session snapshots). Its repository resolves the context from a DI scope of its own: the
        // key table is no tenant's (no query filter, no tenant stamp), so the scope's tenant plays no part; hosts
        // without a request user (the engine alone, tools) get the closed default.
        services.TryAddScoped<ITenantScopeSource>(_ => TenantScope.None);
        services.AddDataProtection().SetApplicationName(KeyRingApplicationName).PersistKeysToDbContext<WhatsPortalDbContext>();
        return services;
    }

    private static DbContextOptions<WhatsPortalDbContext> BuildOptions(DatabaseOptions database, StorageOptions storage, IConfiguration configuration)
    {
        var provider = database.Provider;
        string? connectionString;
        if (provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(storage.FullDataDirectory);
            connectionString = DatabaseProviders.SqliteConnectionString(Path.Combine(storage.FullDataDirectory, "whatsportal.db"));
        }
        else
        {
            connectionString = configuration.GetConnectionString(provider.ToString());
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions),
                    [$"Database:Provider is {provider} but ConnectionStrings:{provider} is empty (e.g. ConnectionStrings__{provider}=\"{ExampleConnectionString(provider)}\")."]);
        }
        return new DbContextOptionsBuilder<WhatsPortalDbContext>().Use(provider, connectionString).Options;
    }

    private static string ExampleConnectionString(DatabaseProvider provider) => provider == DatabaseProvider.SqlServer
        ? "Server=localhost;Database=whatsportal;User Id=whatsportal;Password=...;TrustServerCertificate=True"
        : "Host=localhost;Database=whatsportal;Username=whatsportal;Password=...";
}
