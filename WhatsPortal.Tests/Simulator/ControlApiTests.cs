using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;

namespace WhatsPortal.Tests.Simulator;

/// <summary>The control API and the phone page over real HTTP, without a browser.</summary>
public sealed class ControlApiTests
{
    private const string Instance = "5511911110000";
    private const string Customer = "5511988887777";

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailContains)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Contains(detailContains, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("55119888877a")]
    [InlineData("+5511988887777")]
    [InlineData("1234567")]
    [InlineData("1234567890123456")]
    [InlineData("")]
    public async Task A_malformed_number_is_a_400_problem(string number)
    {
        await using var server = await SimulatorServer.StartAsync();
        using var response = await server.Api.PostAsJsonAsync("phones", new { number, name = "Ana" });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "digits only");
    }

    [Fact]
    public async Task Creating_a_phone_twice_is_a_409_problem_and_the_phone_is_listed_once()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var created = await server.Api.PostAsJsonAsync("phones", new { number = Customer, name = "Ana" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.EndsWith($"/sandbox/phones/{Customer}", created.Headers.Location?.ToString());

        using var again = await server.Api.PostAsJsonAsync("phones", new { number = Customer, name = "Ana" });
        await AssertProblemAsync(again, HttpStatusCode.Conflict, "already exists");
        var phones = await server.GetJsonAsync("phones");
        Assert.Equal(Customer, phones.EnumerateArray().Single().GetProperty("number").GetString());
    }

    [Fact]
    public async Task Bad_bodies_and_unknown_things_are_problems()
    {
        await using var server = await SimulatorServer.StartAsync();
        await server.CreatePhoneAsync(Instance, "Sales");
        await server.CreatePhoneAsync(Customer, "Ana");

        using var notJson = await server.Api.PostAsync("phones", new StringContent("{bad", Encoding.UTF8, "application/json"));
        await AssertProblemAsync(notJson, HttpStatusCode.BadRequest, "not valid JSON");
        using var unknownPhone = await server.Api.GetAsync("phones/5511900000000/messages");
        await AssertProblemAsync(unknownPhone, HttpStatusCode.NotFound, "no sandbox phone");
        using var unknownRecipient = await server.Api.PostAsJsonAsync($"phones/{Customer}/messages", new { to = "5511900000000", text = "hi" });
        await AssertProblemAsync(unknownRecipient, HttpStatusCode.NotFound, "not a WhatsApp account");
        using var noRecipient = await server.Api.PostAsJsonAsync($"phones/{Customer}/messages", new { text = "hi" });
        await AssertProblemAsync(noRecipient, HttpStatusCode.BadRequest, "'to' is required");
        using var unknownMessage = await server.Api.PostAsJsonAsync($"phones/{Customer}/read", new { messageId = "3EB0NOPE" });
        await AssertProblemAsync(unknownMessage, HttpStatusCode.NotFound, "no message");

        var own = await server.SendFromPhoneAsync(Customer, Instance, "hi");
        using var readOwn = await server.Api.PostAsJsonAsync($"phones/{Customer}/read", new { messageId = own });
        await AssertProblemAsync(readOwn, HttpStatusCode.Conflict, "only its recipient");
    }

    [Fact]
    public async Task Phones_exchange_messages_and_acks_without_any_page()
    {
        await using var server = await SimulatorServer.StartAsync();
        await server.CreatePhoneAsync(Instance, "Sales");
        await server.CreatePhoneAsync(Customer, "Ana");
        await server.PostAsync($"phones/{Instance}/offline");

        var first = await server.SendFromPhoneAsync(Customer, Instance, "first");
        var second = await server.SendFromPhoneAsync(Customer, "551188887777", "to myself, without the ninth digit");
        Assert.Equal("sent", (await server.MessagesAsync(Customer)).Single(m => m.GetProperty("id").GetString() == first).GetProperty("status").GetString());

        await server.PostAsync($"phones/{Instance}/online");
        Assert.Equal("delivered", (await server.MessagesAsync(Customer)).Single(m => m.GetProperty("id").GetString() == first).GetProperty("status").GetString());
        var toSelf = (await server.MessagesAsync(Customer)).Single(m => m.GetProperty("id").GetString() == second);
        Assert.Equal(Customer, toSelf.GetProperty("to").GetString());

        await server.PostAsync($"phones/{Instance}/read", new { messageId = $"false_{Customer}@c.us_{first}" });
        Assert.Equal(3, (await server.MessagesAsync(Customer)).Single(m => m.GetProperty("id").GetString() == first).GetProperty("ack").GetInt32());

        var media = new { data = Convert.ToBase64String([1, 2, 3]), mimetype = "image/png", filename = "dot.png" };
        using var sent = await server.Api.PostAsJsonAsync($"phones/{Customer}/messages", new { to = Instance, text = "a picture", media });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var image = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("image", image.GetProperty("type").GetString());
        Assert.Equal("a picture", image.GetProperty("caption").GetString());
        Assert.Equal(3, image.GetProperty("size").GetInt32());

        var stats = await server.GetJsonAsync("stats");
        Assert.Equal(3, stats.GetProperty("messages").GetInt32());
        Assert.Equal(2, stats.GetProperty("accounts").GetInt32());
    }

    [Fact]
    public async Task The_phone_page_lists_phones_and_shows_the_selected_chat()
    {
        await using var server = await SimulatorServer.StartAsync();
        await server.CreatePhoneAsync(Instance, "Sales");
        await server.CreatePhoneAsync(Customer, "Ana <3");
        await server.SendFromPhoneAsync(Customer, Instance, "Hello <b>there</b>");

        var html = await server.Api.GetStringAsync($"phone?number={Customer}");
        var document = new HtmlParser().ParseDocument(html);

        var phones = document.QuerySelectorAll("nav li a").Select(a => a.TextContent).ToList();
        Assert.Contains(phones, p => p.Contains("Ana <3", StringComparison.Ordinal));
        Assert.Contains(phones, p => p.Contains("Sales", StringComparison.Ordinal));
        var panel = document.QuerySelector("#panel");
        Assert.NotNull(panel);
        Assert.Equal("Hello <b>there</b>", document.QuerySelector(".chat p.sent")?.FirstChild?.TextContent.Trim());
        Assert.NotNull(document.QuerySelector($"form[data-post='phones/{Customer}/messages']"));
        Assert.Contains("No page is showing a QR code", panel.TextContent);
    }

    [Fact]
    public async Task The_web_page_is_served_with_a_trailing_slash_so_its_relative_urls_resolve()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

        using var redirect = await client.GetAsync("sandbox/web");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.EndsWith("/sandbox/web/", redirect.Headers.Location?.ToString());
        var page = await client.GetStringAsync("sandbox/web/");
        Assert.Contains("<script src=\"wpp.js\"></script>", page);
        var script = await client.GetStringAsync("sandbox/web/wpp.js");
        Assert.Contains("window.WPP = WPP", script);
    }
}
