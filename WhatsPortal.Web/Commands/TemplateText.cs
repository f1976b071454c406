using System.Collections;
using System.Diagnostics.CodeAnalysis;
using HandlebarsDotNet;
using WhatsPortal.Engine;

namespace WhatsPortal.Web.Commands;

/// <summary>
/// A template's text in Handlebars syntax (the mustache family): <c>{{name}}</c> is a variable. Handlebars.Net parses
/// and renders it; nothing is HTML-escaped, since WhatsApp shows plain text. The variables a text needs are the names it
/// reads when rendered, so a name only a block reads (<c>{{#if vip}}{{discount}}{{/if}}</c>) counts as well.
/// </summary>
public sealed class TemplateText
{
    private static readonly IHandlebars Renderer = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true, ThrowOnUnresolvedBindingExpression = true });

    private readonly HandlebarsTemplate<object, object> _render;

    private TemplateText(HandlebarsTemplate<object, object> render, IReadOnlyList<string> variables)
    {
        _render = render;
        Variables = variables;
    }

    /// <summary>The variables the text reads, in the order it first reads them.</summary>
    public IReadOnlyList<string> Variables { get; }

    public static bool TryParse(string text, [NotNullWhen(true)] out TemplateText? parsed, [NotNullWhen(false)] out Sentence? error)
    {
        parsed = null;
        try
        {
            var render = Renderer.Compile(text);
            var reads = new ReadRecorder();
            render(reads);
            parsed = new TemplateText(render, reads.Names);
            error = null;
            return true;
        }
        catch (HandlebarsException ex)
        {
            error = new Sentence("The text is not a valid template: {0}", ex.Message);
            return false;
        }
    }

    /// <summary>The variables the text needs that <paramref name="values"/> does not give.</summary>
    public IEnumerable<string> MissingFrom(IReadOnlyDictionary<string, string> values) => Variables.Where(v => !values.ContainsKey(v));

    /// <summary>The text with every variable filled in; call only once <see cref="MissingFrom"/> is empty.</summary>
    public string Render(IReadOnlyDictionary<string, string> values) => _render(values.ToDictionary(p => p.Key, p => (object)p.Value));

    /// <summary>A context that has every name and writes down which ones a render asks for.</summary>
    private sealed class ReadRecorder : IDictionary<string, object>
    {
        private readonly List<string> _names = [];

        public IReadOnlyList<string> Names => _names;

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value)
        {
            if (!_names.Contains(key)) _names.Add(key);
            value = key;
            return true;
        }

        public object this[string key]
        {
            get => TryGetValue(key, out var value) ? value : "";
            set => throw new NotSupportedException();
        }

        public bool ContainsKey(string key) => TryGetValue(key, out _);
        public ICollection<string> Keys => [];
        public ICollection<object> Values => [];
        public int Count => 0;
        public bool IsReadOnly => true;
        public void Add(string key, object value) => throw new NotSupportedException();
        public void Add(KeyValuePair<string, object> item) => throw new NotSupportedException();
        public void Clear() => throw new NotSupportedException();
        public bool Contains(KeyValuePair<string, object> item) => false;
        public void CopyTo(KeyValuePair<string, object>[] array, int arrayIndex) { }
        public bool Remove(string key) => throw new NotSupportedException();
        public bool Remove(KeyValuePair<string, object> item) => throw new NotSupportedException();
        public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => Enumerable.Empty<KeyValuePair<string, object>>().GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
