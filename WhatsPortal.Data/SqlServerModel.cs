using Microsoft.EntityFrameworkCore;

namespace WhatsPortal.Data;

/// <summary>
/// Where SQL Server's defaults would make the product behave differently from SQLite and PostgreSQL, its model
/// says otherwise. Only the data layer knows about it (<see cref="WhatsPortalDbContext"/> applies it).
/// </summary>
internal static class SqlServerModel
{
    /// <summary>
    /// Strings compare by code point, case and accents included, as under SQLite's BINARY and PostgreSQL's
    /// deterministic collations. A server's default (SQL_Latin1_General_CP1_CI_AS) ignores case: WhatsApp message ids
    /// and idempotency keys would then collide, and names unique per tenant elsewhere would not be here. Where the
    /// product wants case-insensitive uniqueness (user names and emails) it compares ASP.NET Identity's normalized
    /// (upper-cased) columns, the same on every provider.
    /// </summary>
    public const string Collation = "Latin1_General_100_BIN2";

    /// <summary>
    /// The length of an indexed string that has none of its own (ASP.NET Identity's keys). Left unbounded, SQL Server
    /// gives key strings nvarchar(450), and a composite key of two or three of them exceeds the 900 bytes a clustered
    /// key may hold. Identity's ids are GUID strings and its provider keys and token names are short.
    /// </summary>
    public const int KeyStringLength = 128;

    public static void Apply(ModelBuilder builder)
    {
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            // Enums stored as their names are strings too, so the stored type decides, not the CLR type.
            foreach (var property in entity.GetDeclaredProperties().Where(p => (p.GetValueConverter()?.ProviderClrType ?? p.ClrType) == typeof(string)))
                property.SetCollation(Collation);

            var indexed = entity.GetKeys().SelectMany(k => k.Properties)
                .Concat(entity.GetForeignKeys().SelectMany(f => f.Properties))
                .Concat(entity.GetIndexes().SelectMany(i => i.Properties));
            foreach (var property in indexed.Distinct().Where(p => p.ClrType == typeof(string) && p.GetMaxLength() is null))
                property.SetMaxLength(KeyStringLength);
        }
    }
}
