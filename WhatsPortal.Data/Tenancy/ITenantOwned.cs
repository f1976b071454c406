namespace WhatsPortal.Data;

/// <summary>A row that belongs to one tenant; the DbContext's query filter scopes every read of it.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}
