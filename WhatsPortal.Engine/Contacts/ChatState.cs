namespace WhatsPortal.Engine.Contacts;

/// <summary>What a chat shows the other side about this account (WhatsApp's chat state); the API names them in snake_case.</summary>
[GenerateSerializer]
public enum ChatState
{
    /// <summary>"typing…"</summary>
    Composing,
    /// <summary>"recording audio…"</summary>
    Recording,
    /// <summary>Neither: ends typing or recording.</summary>
    Paused,
}
