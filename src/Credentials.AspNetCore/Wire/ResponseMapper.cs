namespace Credentials.AspNetCore;

/// <summary>Maps the library's views to response bodies: wire names for enums and fields, ids as text, no secret.</summary>
internal static class ResponseMapper
{
    public static CredentialResponse Card(CredentialView view, int? usedBy = null) => new(
        view.Id.ToString(),
        view.Name,
        view.Key,
        view.Category.ToWireName(),
        view.Type.ToWireName(),
        view.MaskedSummary,
        view.TemplateId,
        view.CreatedAt,
        view.UpdatedAt,
        view.Version,
        usedBy,
        view.Warnings.Select(w => new FieldMessageResponse(w.Field, w.Message)).ToArray())
    {
        OwnerUserId = view.OwnerUserId,
    };

    public static CredentialTemplateResponse Template(CredentialTemplate template) => new(
        template.Id,
        template.Service,
        template.Name,
        template.Key,
        template.Type.ToWireName(),
        template.Category.ToWireName(),
        template.Description,
        template.DocumentationUrl.ToString(),
        template.Prefill);

    public static CredentialSchemaResponse Schema(CredentialSchema schema) => new(
        schema.Type.ToWireName(),
        schema.Label,
        schema.Description,
        schema.Fields.Select(f => new CredentialFieldResponse(f.Name, f.Label, InputKind(f.InputKind), f.Required, f.Secret, f.Options, f.Default) { IsDestination = f.IsDestination }).ToArray());

    public static CredentialEditFormResponse EditForm(CredentialEditForm form, string? ownerUserId) => new(
        form.Id.ToString(),
        form.Name,
        form.Key,
        form.Category.ToWireName(),
        form.Type.ToWireName(),
        form.TemplateId,
        form.Version,
        form.Fields.Select(f => new CredentialEditFieldResponse(
            f.Name,
            f.Schema.Label,
            InputKind(f.Schema.InputKind),
            f.Schema.Required,
            f.IsSecret,
            f.Schema.Options,
            // The library never pre-fills a secret; the API makes sure of it again.
            f.IsSecret ? null : f.Value,
            f.HasStoredValue)
        {
            IsDestination = f.Schema.IsDestination,
        }).ToArray())
    {
        OwnerUserId = ownerUserId,
    };

    public static DeletionImpactResponse Impact(DeletionImpact impact) => new(
        Card(impact.Credential, impact.Consumers.Count),
        impact.Summary,
        impact.Groups.Select(g => new ImpactGroupResponse(g.Kind.Name, Effect(g.Effect), g.Count, g.Text)).ToArray(),
        impact.Consumers.Select(c => new ConsumerImpactResponse(c.Consumer.Kind.Name, c.Consumer.Kind.Singular, c.Consumer.Id, c.Consumer.DisplayName, Effect(c.Effect))).ToArray());

    public static DeletedCredentialResponse Deleted(DeletedCredentialView deleted) =>
        new(Card(deleted.Credential), deleted.DeletedAt, deleted.ScheduledPurgeAt);

    public static ConsumerResponse Consumer(ConsumerRef consumer) =>
        new(consumer.Kind.Name, consumer.Kind.Singular, consumer.Id, consumer.DisplayName);

    public static string InputKind(FieldInputKind kind) => kind switch
    {
        FieldInputKind.Text => "text",
        FieldInputKind.Password => "password",
        FieldInputKind.Number => "number",
        FieldInputKind.Select => "select",
        FieldInputKind.Multiline => "multiline",
        FieldInputKind.Json => "json",
        _ => "text",
    };

    private static string Effect(ConsumerDeletionEffect effect) => effect == ConsumerDeletionEffect.Updated ? "updated" : "unlinked";
}
