using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.Api;

/// <summary>Templates through the API door: managing them, sending one, and the precise refusals of both.</summary>
public sealed class TemplatesApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_template_is_created_listed_changed_and_deleted_with_the_variables_its_text_asks_for()
    {
        using var client = await ClientAsync();
        var created = await client.PostAsJsonAsync("/api/v1/templates", new { name = "pedido-saiu", text = "Olá {{nome}}! Pedido {{pedido}}." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var template = (await created.Content.ReadFromJsonAsync<TemplatesApi.TemplateResponse>())!;
        Assert.Equal(["nome", "pedido"], template.Variables);
        Assert.Null(template.Media);

        var changed = await client.PutAsJsonAsync($"/api/v1/templates/{template.Id}", new { name = "pedido-entregue", text = "{{nome}}, entregue." });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var listed = (await client.GetFromJsonAsync<TemplatesApi.TemplateResponse[]>("/api/v1/templates"))!;
        Assert.Equal(["pedido-entregue"], listed.Select(t => t.Name));
        Assert.Equal(["nome"], listed[0].Variables);
        Assert.NotNull(listed[0].UpdatedAt);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/templates/{template.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/templates/{template.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_duplicate_name_is_a_conflict_and_a_broken_text_is_refused_on_the_text_field()
    {
        using var client = await ClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/templates", new { name = "oi", text = "Oi!" })).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/api/v1/templates", new { name = " oi ", text = "Oi de novo" })).StatusCode);
        var broken = await client.PostAsJsonAsync("/api/v1/templates", new { name = "quebrado", text = "{{#if vip}}Oi" });
        Assert.Equal(["text"], await ErrorFieldsAsync(broken));
        var tiff = await client.PostAsJsonAsync("/api/v1/templates", new { name = "scan", text = "Veja", media = new { base64 = "aGVsbG8=", mimeType = "image/tiff" } });
        Assert.Equal(["media.mimeType"], await ErrorFieldsAsync(tiff));
        Assert.Equal(["oi"], (await client.GetFromJsonAsync<TemplatesApi.TemplateResponse[]>("/api/v1/templates"))!.Select(t => t.Name));
    }

    [Fact]
    public async Task Another_tenants_template_is_not_found_and_cannot_be_sent()
    {
        using var theirs = await ClientAsync();
        var template = await CreateAsync(theirs, new { name = "segredo", text = "Oi" });
        using var client = await ClientAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/templates/{template.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/api/v1/templates/{template.Id}", new { name = "meu", text = "Meu" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/templates/{template.Id}")).StatusCode);
        var instanceId = await InstanceAsync(client);
        var sent = await client.PostAsJsonAsync($"/api/v1/instances/{instanceId}/messages", new { to = "5511988887777", templateId = template.Id });
        Assert.Equal(["templateId"], await ErrorFieldsAsync(sent));

        await using var db = factory.AcrossTenants();
        Assert.Equal("segredo", (await db.MessageTemplates.SingleAsync(t => t.Id == template.Id)).Name);
        Assert.False(await db.Messages.AnyAsync(m => m.InstanceId == instanceId));
    }

    [Fact]
    public async Task Sending_a_template_fills_its_variables_and_a_missing_one_is_named()
    {
        using var client = await ClientAsync();
        var template = await CreateAsync(client, new
        {
            name = "orcamento", text = "Olá {{nome}}, segue o orçamento {{numero}}.",
            media = new { base64 = Convert.ToBase64String("%PDF-1.4 orcamento"u8.ToArray()), mimeType = "application/pdf", fileName = "orcamento.pdf" },
        });
        var instanceId = await InstanceAsync(client);

        var missing = await client.PostAsJsonAsync($"/api/v1/instances/{instanceId}/messages",
            new { to = "5511988887777", templateId = template.Id, variables = new { nome = "Ana" } });
        var problem = JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("The template needs the variable 'numero'.", problem.GetProperty("errors").GetProperty("variables.numero")[0].GetString());
        Assert.Equal(["templateId"], await ErrorFieldsAsync(await client.PostAsJsonAsync($"/api/v1/instances/{instanceId}/messages",
            new { to = "5511988887777", text = "Oi", templateId = template.Id, variables = new { nome = "Ana", numero = "7" } })));

        var sent = await client.PostAsJsonAsync($"/api/v1/instances/{instanceId}/messages",
            new { to = "5511988887777", templateId = template.Id, variables = new { nome = "<Ana>", numero = "42" } });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var queued = (await sent.Content.ReadFromJsonAsync<MessagesApi.QueuedMessageResponse>())!;
        await using var db = factory.AcrossTenants();
        var message = await db.Messages.SingleAsync(m => m.InstanceId == instanceId);
        Assert.Equal(queued.Id, message.Id);
        Assert.Equal("Olá <Ana>, segue o orçamento 42.", message.Text);
        Assert.Equal(("application/pdf", "orcamento.pdf"), (message.MediaMimeType, message.MediaFileName));
        Assert.Equal("%PDF-1.4 orcamento"u8.ToArray(), await File.ReadAllBytesAsync(Path.Combine(factory.DataDirectory, message.MediaPath!)));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_templates_endpoints_with_summaries_and_an_example()
    {
        using var client = factory.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths");
        foreach (var (path, method) in new[] { ("", "get"), ("", "post"), ("/{id}", "get"), ("/{id}", "put"), ("/{id}", "delete") })
            Assert.False(string.IsNullOrEmpty(paths.GetProperty("/api/v1/templates" + path).GetProperty(method).GetProperty("summary").GetString()), $"{method} {path}");
        var example = document.GetProperty("components").GetProperty("schemas").GetProperty("TemplateRequest").GetProperty("examples")[0];
        Assert.Contains("{{nome}}", example.GetProperty("text").GetString());
    }

    private async Task<HttpClient> ClientAsync() => factory.ApiClient((await factory.CreateTenantWithKeyAsync()).Key);

    private static async Task<TemplatesApi.TemplateResponse> CreateAsync(HttpClient client, object body)
    {
        var created = await client.PostAsJsonAsync("/api/v1/templates", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<TemplatesApi.TemplateResponse>())!;
    }

    private static async Task<Guid> InstanceAsync(HttpClient client)
    {
        var created = await client.PostAsJsonAsync("/api/v1/instances", new { name = "sales" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<InstancesApi.InstanceResponse>())!.Id;
    }

    private static async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToArray();
    }
}
