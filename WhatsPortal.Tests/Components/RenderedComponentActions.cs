using Bunit;
using Microsoft.AspNetCore.Components;

namespace WhatsPortal.Tests.Components;

/// <summary>
/// Finds an element and fires its event in one turn of the renderer. Found first and fired after, the element may be
/// re-rendered in between (live updates and pending async handlers render from other threads), which renumbers its
/// handlers and makes bUnit throw <c>UnknownEventHandlerIdException</c>: CI failed on it twice.
/// </summary>
internal static class RenderedComponentActions
{
    public static Task ClickAsync<T>(this IRenderedComponent<T> cut, string selector) where T : IComponent =>
        cut.InvokeAsync(() => cut.Find(selector).ClickAsync(new()));

    /// <summary>Waits for <paramref name="selector"/> to be rendered (a dialog opening), then clicks it as <see cref="ClickAsync{T}"/> does.</summary>
    public static Task ClickWhenShownAsync<T>(this IRenderedComponent<T> cut, string selector) where T : IComponent
    {
        cut.WaitForElement(selector);
        return cut.ClickAsync(selector);
    }

    public static Task InputAsync<T>(this IRenderedComponent<T> cut, string selector, object? value) where T : IComponent =>
        cut.InvokeAsync(() => cut.Find(selector).InputAsync(new ChangeEventArgs { Value = value }));

    public static Task ChangeAsync<T>(this IRenderedComponent<T> cut, string selector, object? value) where T : IComponent =>
        cut.InvokeAsync(() => cut.Find(selector).ChangeAsync(new ChangeEventArgs { Value = value }));

    public static Task SubmitAsync<T>(this IRenderedComponent<T> cut, string selector) where T : IComponent =>
        cut.InvokeAsync(() => cut.Find(selector).SubmitAsync());
}
