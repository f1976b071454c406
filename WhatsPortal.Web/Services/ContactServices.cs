using WhatsPortal.Web.Commands;
using WhatsPortal.Web.Infrastructure;

namespace WhatsPortal.Web.Services;

public static class ContactServices
{
    /// <summary>Contacts and presence: the commands the API and the portal share, and the reads of what WhatsApp Web knows.</summary>
    public static IServiceCollection AddContacts(this IServiceCollection services)
    {
        // A larger answer fails instead of filling memory; a redirect is not followed, so only the checked host is reached.
        services.AddHttpClient(ProfilePictureFetcher.HttpClientName, client =>
            {
                client.MaxResponseContentBufferSize = ProfilePictureFetcher.MaxBytes;
                client.Timeout = TimeSpan.FromSeconds(15);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return services
            .AddScoped<ProfilePictureFetcher>()
            .AddScoped<CheckNumbersCommand>()
            .AddScoped<SubscribePresenceCommand>()
            .AddScoped<SetChatStateCommand>()
            .AddScoped<BlockContactCommand>()
            .AddScoped<ContactQueries>();
    }
}
