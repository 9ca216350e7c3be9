using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credentials.Tests.Vault;

public class SecretMaskTests
{
    [Property(MaxTest = 1000)]
    public Property Of_AnySecret_RevealsAtMostFourCharactersAndAQuarter()
    {
        return Prop.ForAll(SecretGenerators.Text.ToArbitrary(), secret =>
        {
            var mask = SecretMask.Of(secret);
            Assert.StartsWith(SecretMask.Bullets, mask, StringComparison.Ordinal);
            var revealed = mask[SecretMask.Bullets.Length..];
            Assert.True(revealed.Length <= 4, "more than 4 characters revealed");
            Assert.True(revealed.Length * 4 <= secret.Length, "more than a quarter revealed");
            Assert.EndsWith(revealed, secret, StringComparison.Ordinal);
        });
    }

    [Property(MaxTest = 500)]
    public Property Of_SecretsOfAnyLength_HaveTheSameMaskLengthOnceRevealed()
    {
        // The mask never tells the length: every mask is 4 bullets, plus 4 characters for long enough secrets.
        return Prop.ForAll(SecretGenerators.Text.ToArbitrary(), secret =>
        {
            var mask = SecretMask.Of(secret);
            return mask.Length == 4 || mask.Length == 8;
        });
    }

    [Theory]
    [InlineData("sk-proj-abcdefgh0123a1b2", "••••a1b2")]
    [InlineData("short", "••••")]
    [InlineData("exactly15chars!", "••••")]
    [InlineData("sixteen-chars-ab", "••••s-ab")]
    [InlineData("trailing-whitespace ", "••••")]
    [InlineData("ends-in-emoji-0123😀", "••••")]
    public void Of_Examples(string secret, string expected) => Assert.Equal(expected, SecretMask.Of(secret));

    [Fact]
    public void For_Passwords_ShowOnlyBullets()
    {
        Assert.Equal("••••", SecretMask.For(new UsernamePassword("admin", "a-long-password-of-32-characters")));
        Assert.Equal("••••", SecretMask.For(new Smtp("h", 25, "u", "a-long-password-of-32-characters", SmtpEncryption.None)));
        Assert.Equal("••••", SecretMask.For(Custom.Parse("""{"a":"0123456789abcdefghij"}""")));
    }
}
