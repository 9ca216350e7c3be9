using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Credentials.Cli.Bundle;

/// <summary>
/// The payload inside the AES-GCM seal, UTF-8 JSON:
/// <c>{"format":"credentials-bundle/v1","exported_at":"…","credentials":[{"organization_id","id","owner_user_id","name","key",
/// "category","template_id","created_at","updated_at","secret":{"type":"api_token",…}}]}</c>. The secret is the vault's own
/// serialization of the values (the same JSON as inside a sealed envelope). It exists only in memory, never on disk.
/// </summary>
internal static class BundlePayload
{
    public const string Format = "credentials-bundle/v1";
    private const int MaxDepth = 64;

    /// <summary>Starts the payload; add entries with <see cref="WriteEntry"/>, then call <see cref="End"/>.</summary>
    public static Utf8JsonWriter Begin(IBufferWriter<byte> buffer, DateTimeOffset exportedAt)
    {
        var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, SkipValidation = false });
        writer.WriteStartObject();
        writer.WriteString("format", Format);
        writer.WriteString("exported_at", exportedAt);
        writer.WriteStartArray("credentials");
        return writer;
    }

    public static void WriteEntry(Utf8JsonWriter writer, BundleEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteString("organization_id", entry.Organization.Value);
        writer.WriteString("id", entry.Id.ToString());
        if (entry.OwnerUserId is null)
        {
            writer.WriteNull("owner_user_id");
        }
        else
        {
            writer.WriteString("owner_user_id", entry.OwnerUserId);
        }

        writer.WriteString("name", entry.Name);
        writer.WriteString("key", entry.Key);
        writer.WriteString("category", entry.Category.ToWireName());
        if (entry.TemplateId is null)
        {
            writer.WriteNull("template_id");
        }
        else
        {
            writer.WriteString("template_id", entry.TemplateId);
        }

        writer.WriteString("created_at", entry.CreatedAt);
        writer.WriteString("updated_at", entry.UpdatedAt);
        writer.WritePropertyName("secret");
        JsonSerializer.Serialize(writer, entry.Secret, CredentialJsonContext.Default.CredentialSecret);
        writer.WriteEndObject();
        // Keep at most one entry's worth in the writer's own buffer: the rest is in the wiping buffer.
        writer.Flush();
    }

    public static void End(Utf8JsonWriter writer)
    {
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>Reads every entry of an authenticated payload.</summary>
    /// <exception cref="BundleException">The payload is not what this tool writes (another format, a missing field).</exception>
    public static IReadOnlyList<BundleEntry> Read(ReadOnlyMemory<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = MaxDepth });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
            {
                throw new BundleException($"The bundle opened, but its contents are not in the format this tool reads ({Format}).");
            }

            var entries = new List<BundleEntry>();
            foreach (var item in Required(root, "credentials", JsonValueKind.Array).EnumerateArray())
            {
                entries.Add(ReadEntry(item, entries.Count));
            }

            return entries;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            // The exception's message can quote the payload, and the payload holds secrets: not passed on. (A secret
            // without its type discriminator is a NotSupportedException: an abstract type cannot be created.)
            throw new BundleException("The bundle opened, but its contents are not valid JSON; it was not written by this tool.");
        }
    }

    private static BundleEntry ReadEntry(JsonElement item, int index)
    {
        var where = $"credential #{index + 1}";
        var organization = Text(item, "organization_id", where);
        var id = Text(item, "id", where);
        var category = Text(item, "category", where);
        if (!CredentialId.TryParse(id, out var credentialId) || !CredentialWireNames.TryParseCategory(category, out var credentialCategory))
        {
            throw new BundleException($"The bundle's {where} has an invalid id or category.");
        }

        OrganizationId org;
        try
        {
            org = new OrganizationId(organization);
        }
        catch (ArgumentException)
        {
            throw new BundleException($"The bundle's {where} has an invalid organization id.");
        }

        var owner = OptionalText(item, "owner_user_id", where);
        try
        {
            _ = new CredentialContext(org, owner);
        }
        catch (ArgumentException)
        {
            throw new BundleException($"The bundle's {where} has an invalid owner user id.");
        }

        var secret = Required(item, "secret", JsonValueKind.Object).Deserialize(CredentialJsonContext.Default.CredentialSecret)
            ?? throw new BundleException($"The bundle's {where} has no values.");
        return new BundleEntry(
            org,
            credentialId,
            owner,
            Text(item, "name", where),
            Text(item, "key", where),
            credentialCategory,
            OptionalText(item, "template_id", where),
            Time(item, "created_at", where),
            Time(item, "updated_at", where),
            secret);
    }

    private static JsonElement Required(JsonElement element, string name, JsonValueKind kind) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : throw new BundleException($"The bundle opened, but its contents lack '{name}'; it was not written by this tool.");

    private static string Text(JsonElement element, string name, string where) =>
        OptionalText(element, name, where) ?? throw new BundleException($"The bundle's {where} has no {name}.");

    private static string? OptionalText(JsonElement element, string name, string where)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new BundleException($"The bundle's {where} has a {name} that is not text.");
    }

    private static DateTimeOffset Time(JsonElement element, string name, string where) =>
        DateTimeOffset.TryParse(Text(element, name, where), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            ? time
            : throw new BundleException($"The bundle's {where} has an invalid {name}.");
}
