namespace Credentials.Tests.Vault;

public sealed class CredentialFormsTests : IDisposable
{
    private readonly TestVault _vault = TestVault.Create();

    private static Dictionary<string, string?> SmtpForm() => new()
    {
        ["name"] = "Mail",
        ["key"] = "SMTP_MAIN",
        ["category"] = "communication",
        ["host"] = "smtp.example.com",
        ["port"] = "587",
        ["username"] = "mailer",
        ["password"] = "first-password",
        ["encryption"] = "starttls",
    };

    [Fact]
    public async Task Create_FromFieldMap_StoresTypedValues()
    {
        var view = await _vault.Forms.CreateAsync(TestVault.Acme, CredentialType.Smtp, SmtpForm());

        Assert.Equal(CredentialCategory.Communication, view.Category);
        Assert.Equal(new Smtp("smtp.example.com", 587, "mailer", "first-password", SmtpEncryption.StartTls), await _vault.Resolver.ResolveAsync<Smtp>(TestVault.Acme, "SMTP_MAIN"));
    }

    [Fact]
    public async Task Create_BadFields_ListsEachByWireName()
    {
        var form = SmtpForm();
        form["port"] = "eighty";
        form["encryption"] = "tls";
        form["category"] = "mail";
        form["colour"] = "blue";

        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => _vault.Forms.CreateAsync(TestVault.Acme, CredentialType.Smtp, form));

        Assert.Equal(["category", "colour", "encryption", "port"], ex.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Empty((await _vault.Store.ListAsync(TestVault.Acme)).Items);
    }

    [Fact]
    public async Task Create_CustomJson_MustBeObject()
    {
        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => _vault.Forms.CreateAsync(TestVault.Acme, CredentialType.Custom,
            new Dictionary<string, string?> { ["name"] = "c", ["key"] = "C", ["category"] = "custom", ["value"] = "{not json" }));
        Assert.Equal("value", Assert.Single(ex.Errors).Field);
        Assert.DoesNotContain("not json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_BlankPassword_KeepsItAndAppliesOtherFields()
    {
        var view = await _vault.Forms.CreateAsync(TestVault.Acme, CredentialType.Smtp, SmtpForm());

        await _vault.Forms.UpdateAsync(TestVault.Acme, view.Id, new Dictionary<string, string?> { ["username"] = "mailer2", ["password"] = "" }, view.Version);

        Assert.Equal(new Smtp("smtp.example.com", 587, "mailer2", "first-password", SmtpEncryption.StartTls), await _vault.Resolver.ResolveAsync<Smtp>(TestVault.Acme, "SMTP_MAIN"));
    }

    [Fact]
    public async Task Update_NewHostWithBlankPassword_IsRefusedAndChangesNothing()
    {
        var view = await _vault.Forms.CreateAsync(TestVault.Acme, CredentialType.Smtp, SmtpForm());

        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() =>
            _vault.Forms.UpdateAsync(TestVault.Acme, view.Id, new Dictionary<string, string?> { ["host"] = "smtp.attacker.example", ["password"] = "" }, view.Version));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("password", error.Field);
        Assert.Contains("entered again", error.Message, StringComparison.Ordinal);
        Assert.Equal(view.Version, (await _vault.Store.GetAsync(TestVault.Acme, view.Id))!.Version);
        Assert.Equal(new Smtp("smtp.example.com", 587, "mailer", "first-password", SmtpEncryption.StartTls), await _vault.Resolver.ResolveAsync<Smtp>(TestVault.Acme, "SMTP_MAIN"));

        await _vault.Forms.UpdateAsync(TestVault.Acme, view.Id, new Dictionary<string, string?> { ["host"] = "smtp2.example.com", ["password"] = "second-password" }, view.Version);
        Assert.Equal(new Smtp("smtp2.example.com", 587, "mailer", "second-password", SmtpEncryption.StartTls), await _vault.Resolver.ResolveAsync<Smtp>(TestVault.Acme, "SMTP_MAIN"));
    }

    [Fact]
    public async Task Update_FilledPasswordAndName_Replace()
    {
        var view = await _vault.Forms.CreateAsync(TestVault.Acme, CredentialType.Smtp, SmtpForm());

        var updated = await _vault.Forms.UpdateAsync(TestVault.Acme, view.Id, new Dictionary<string, string?> { ["name"] = "Mail 2", ["password"] = "second-password" });

        Assert.Equal("Mail 2", updated.Name);
        Assert.Equal("second-password", (await _vault.Resolver.ResolveAsync<Smtp>(TestVault.Acme, "SMTP_MAIN")).Password);
    }

    [Fact]
    public async Task Update_StaleVersion_ThrowsConcurrency()
    {
        var view = await _vault.Forms.CreateAsync(TestVault.Acme, CredentialType.Smtp, SmtpForm());
        await _vault.Forms.UpdateAsync(TestVault.Acme, view.Id, new Dictionary<string, string?> { ["name"] = "x" });

        await Assert.ThrowsAsync<CredentialConcurrencyException>(() =>
            _vault.Forms.UpdateAsync(TestVault.Acme, view.Id, new Dictionary<string, string?> { ["name"] = "y" }, view.Version));
    }

    [Fact]
    public async Task EditFormRoundTrip_PostingTheFormBackUnchanged_KeepsEverything()
    {
        var view = await _vault.Forms.CreateAsync(TestVault.Acme, CredentialType.Smtp, SmtpForm());
        var form = await _vault.Store.GetForEditAsync(TestVault.Acme, view.Id);

        var posted = form.Fields.ToDictionary(f => f.Name, f => f.Value);
        await _vault.Forms.UpdateAsync(TestVault.Acme, view.Id, posted, form.Version);

        Assert.Equal(new Smtp("smtp.example.com", 587, "mailer", "first-password", SmtpEncryption.StartTls), await _vault.Resolver.ResolveAsync<Smtp>(TestVault.Acme, "SMTP_MAIN"));
    }

    [Fact]
    public void Schemas_DescribeEveryTypeInSeedOrder()
    {
        var schemas = _vault.Provider.GetService(typeof(ICredentialSchemas)) as ICredentialSchemas;

        Assert.NotNull(schemas);
        Assert.Equal(Enum.GetValues<CredentialType>(), schemas.All.Select(s => s.Type));
        Assert.Equal(
            ["client_id", "client_secret", "grant_type", "authorization_endpoint", "token_endpoint", "scopes", "issuer", "resource", "access_token", "refresh_token", "expires_at"],
            schemas.Get(CredentialType.OAuth2).Fields.Select(f => f.Name));
        Assert.Equal(["private_key", "public_key", "passphrase"], schemas.Get(CredentialType.SshKey).Fields.Select(f => f.Name));
        var encryption = schemas.Get(CredentialType.Smtp).FindField("encryption")!;
        Assert.Equal(FieldInputKind.Select, encryption.InputKind);
        Assert.Equal(["none", "starttls", "ssl_tls"], encryption.Options);
        Assert.All(schemas.All.SelectMany(s => s.Fields).Where(f => f.Secret), f => Assert.NotEqual(FieldInputKind.Text, f.InputKind));
    }

    public void Dispose() => _vault.Dispose();
}
