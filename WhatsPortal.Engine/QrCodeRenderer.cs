using QRCoder;

namespace WhatsPortal.Engine;

/// <summary>Draws a QR text as an image for the portal and the API (Accept: image/png).</summary>
public sealed class QrCodeRenderer
{
    // WhatsApp's QR texts are long; low error correction keeps the modules big enough to scan from a screen.
    private const QRCodeGenerator.ECCLevel Correction = QRCodeGenerator.ECCLevel.L;

    public byte[] RenderPng(string code, int pixelsPerModule = 8)
    {
        using var data = QRCodeGenerator.GenerateQrCode(code, Correction);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    public string RenderSvg(string code, int pixelsPerModule = 8)
    {
        using var data = QRCodeGenerator.GenerateQrCode(code, Correction);
        return new SvgQRCode(data).GetGraphic(pixelsPerModule);
    }
}
