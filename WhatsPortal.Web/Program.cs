using WhatsPortal.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddWhatsPortal();

var app = builder.Build();
await app.UseWhatsPortalAsync();
app.Run();
