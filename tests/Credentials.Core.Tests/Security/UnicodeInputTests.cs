using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.Security;

/// <summary>
/// Security review finding 2: ill-formed UTF-16 collapsed into U+FFFD, so organizations read each other's rows and a
/// token came back different from what was stored. Now it is refused at the edge, and every encoder is strict.
/// </summary>
public sealed class UnicodeInputTests : IDisposable
{
    private readonly TestVault _vault = TestVault.Create();

    // Test data is built from code points: xunit replaces unpaired surrogates in serialized inline data.
    [Theory]
    [InlineData(0xD800, false)]
    [InlineData(0xDBFF, false)]
    [InlineData(0xDC00, true)]
    [InlineData(0x0085, false)]
    [InlineData(0x2028, false)]
    [InlineData(0x2029, false)]
    [InlineData(0x202E, false)]
    [InlineData(0x200B, false)]
    [InlineData(0x009B, false)]
    [InlineData(0xFEFF, false)]
    [InlineData(0x0000, false)]
    public void OrganizationId_IllFormedOrControl_IsRefused(int codePoint, bool atStart)
    {
        var c = ((char)codePoint).ToString();
        var value = atStart ? c + "tenant" : "tenant-" + c;
        var ex = Assert.Throws<ArgumentException>(() => new OrganizationId(value));
        Assert.Contains("well-formed Unicode", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tenant-\uFFFD")]
    [InlineData("👩‍💻-team")]
    [InlineData("Zürich GmbH")]
    [InlineData("東京")]
    public void OrganizationId_WellFormedText_IsAccepted(string value) => Assert.Equal(value, new OrganizationId(value).Value);

    [Fact]
    public async Task OrganizationsWhoseIdsDifferOnlyAfterReplacement_NeverShareRows_OnSqlite()
    {
        using var directory = new TempDirectory("credentials-unicode-");
        var services = new ServiceCollection();
        services.AddCredentials()
            .UseSqlite("Data Source=" + directory.File("store.db"))
            .UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<ICredentialStore>();
        var resolver = provider.GetRequiredService<ICredentialResolver>();

        var replaced = new OrganizationId("tenant-\uFFFD");
        await store.CreateAsync(replaced, TestVault.Token("SHARED", "sk-replacement-char-tenant-000"));

        // The ids that used to collapse into "tenant-\uFFFD" cannot even be named now.
        Assert.Throws<ArgumentException>(() => new OrganizationId("tenant-\uD800"));
        Assert.Equal("sk-replacement-char-tenant-000", (await resolver.ResolveAsync<ApiToken>(replaced, "SHARED")).Token);
    }

    [Theory]
    [InlineData(0xD800, false)]
    [InlineData(0xDFFF, true)]
    public async Task SecretField_WithLoneSurrogate_IsRefusedNamingTheField(int codePoint, bool atStart)
    {
        var c = ((char)codePoint).ToString();
        var token = atStart ? c + "sk-abc" : "sk-" + c + "abc";
        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("K", token)));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("token", error.Field);
        Assert.Contains("well-formed Unicode", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-", ex.Message, StringComparison.Ordinal);
        Assert.Empty((await _vault.Store.ListAsync(TestVault.Acme)).Items);
    }

    [Fact]
    public async Task Password_WithLoneSurrogate_IsRefused()
    {
        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => _vault.Store.CreateAsync(TestVault.Acme,
            new NewCredential("Db", "DB", CredentialCategory.Runtime, new UsernamePassword("admin", "pass\uD83Dword"))));

        Assert.Equal("password", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public async Task Name_WithLoneSurrogateOrLineSeparator_IsRefused()
    {
        var surrogate = await Assert.ThrowsAsync<CredentialValidationException>(() => _vault.Store.CreateAsync(TestVault.Acme,
            new NewCredential("Open\uD800AI", "K", CredentialCategory.LlmProvider, new ApiToken("sk-0123456789"))));
        var separator = await Assert.ThrowsAsync<CredentialValidationException>(() => _vault.Store.CreateAsync(TestVault.Acme,
            new NewCredential("Open\u2028AI", "K", CredentialCategory.LlmProvider, new ApiToken("sk-0123456789"))));

        Assert.Equal("name", Assert.Single(surrogate.Errors).Field);
        Assert.Equal("name", Assert.Single(separator.Errors).Field);
    }

    [Fact]
    public async Task Custom_WithEscapedLoneSurrogate_IsRefused()
    {
        using var document = JsonDocument.Parse("""{"token":"abc\ud800def"}""");
        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => _vault.Store.CreateAsync(TestVault.Acme,
            new NewCredential("C", "C", CredentialCategory.Custom, new Custom(document.RootElement.Clone()))));

        Assert.Equal("value", Assert.Single(ex.Errors).Field);
        Assert.DoesNotContain("abc", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnvelopeContext_IllFormedText_ThrowsInsteadOfReplacing()
    {
        var buffer = new byte[EnvelopeContext.MaxAssociatedDataSize];
        Assert.ThrowsAny<ArgumentException>(() => new EnvelopeContext("org-\uD800", Guid.NewGuid(), "api_token", "K").WritePayloadAssociatedData(buffer, 1));
    }

    [Fact]
    public void UsePassphrase_IllFormed_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCredentials().UsePassphrase("long enough pass\uD800phrase"));

    public void Dispose() => _vault.Dispose();
}
