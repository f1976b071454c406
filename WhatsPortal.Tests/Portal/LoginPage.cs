using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace WhatsPortal.Tests.Portal;

/// <summary>A page object over the server-rendered login form: it fills and posts it as a browser would.</summary>
public sealed class LoginPage
{
    private readonly HttpClient _client;
    private readonly IHtmlDocument _document;

    private LoginPage(HttpClient client, IHtmlDocument document)
    {
        _client = client;
        _document = document;
    }

    public static async Task<LoginPage> OpenAsync(HttpClient client, string path = "/Account/Login")
    {
        var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return new LoginPage(client, await ParseAsync(response));
    }

    public IHtmlFormElement Form => (IHtmlFormElement)_document.QuerySelector("form[method=post]")!;

    public string? ErrorMessage => _document.QuerySelector("#login-error")?.TextContent.Trim();

    public string ValidationMessages => string.Join(" ", _document.QuerySelectorAll(".validation-message").Select(e => e.TextContent.Trim()));

    /// <summary>Posts the form with the antiforgery token and handler name the page rendered.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string email, string password)
    {
        var fields = Form.Elements.OfType<IHtmlInputElement>()
            .Where(i => i.Type == "hidden")
            .ToDictionary(i => i.Name!, i => i.Value);
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        var action = string.IsNullOrEmpty(Form.GetAttribute("action")) ? "/Account/Login" : Form.Action;
        return await _client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public static async Task<LoginPage> FromResponseAsync(HttpClient client, HttpResponseMessage response) =>
        new(client, await ParseAsync(response));

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
}
