using WhatsPortal.Engine.Outbound;

namespace WhatsPortal.Tests.Engine;

public sealed class SupportedMediaTests
{
    [Theory]
    [InlineData("image/jpeg")]
    [InlineData("IMAGE/PNG")]
    [InlineData("audio/ogg; codecs=opus")]
    [InlineData("video/mp4")]
    [InlineData("application/pdf")]
    [InlineData("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("text/csv")]
    public void WhatsApp_takes_inline_formats_and_any_document(string mime) => Assert.Null(SupportedMedia.Refusal(mime));

    [Theory]
    [InlineData("image/bmp", "as a document")]
    [InlineData("video/x-matroska", "as a document")]
    [InlineData("font/woff2", "not a media type")]
    [InlineData("nonsense", "needs a MIME type")]
    [InlineData("image/", "needs a MIME type")]
    [InlineData("", "needs a MIME type")]
    public void Other_types_are_refused_with_advice(string mime, string advice) => Assert.Contains(advice, SupportedMedia.Refusal(mime)?.Message);
}
