namespace WhatsPortal.Simulator.Network;

/// <summary>WhatsApp's ack numbers, as wa-js reports them.</summary>
public static class Ack
{
    public const int Error = -1;
    public const int Pending = 0;
    public const int Sent = 1;
    public const int Delivered = 2;
    public const int Read = 3;

    public static string Name(int ack) => ack switch
    {
        Error => "error",
        Pending => "pending",
        Sent => "sent",
        Delivered => "delivered",
        Read => "read",
        _ => "played",
    };
}
