namespace WhatsPortal.Data.Entities;

/// <summary>A row whose creation time the context stamps when it is first saved, unless the writer set one.</summary>
public interface IStampedOnCreation
{
    DateTime CreatedAt { get; set; }
}
