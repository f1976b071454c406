namespace WhatsPortal.Web.Commands;

public static class CommandExtensions
{
    /// <summary>The commands the portal and the API share, so each rule lives in one place.</summary>
    public static IServiceCollection AddTenantCommands(this IServiceCollection services) => services
        .AddScoped<CreateTenantCommand>()
        .AddScoped<CreateTenantUserCommand>()
        .AddScoped<InviteMemberCommand>()
        .AddScoped<SuspendTenantCommand>()
        .AddScoped<ResumeTenantCommand>()
        .AddScoped<SetTenantQuotaCommand>()
        .AddScoped<IssueApiKeyCommand>()
        .AddScoped<RevokeApiKeyCommand>();
}
