namespace Credentials.Tests.Validation;

public class HostNamesTests
{
    [Theory]
    [InlineData("smtp.example.com")]
    [InlineData("localhost")]
    [InlineData("smtp.example.com.")]
    [InlineData("mail-1.example.co.uk")]
    [InlineData("xn--bcher-kva.example")]
    [InlineData("0day.example")]
    [InlineData("127.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("2001:db8::25")]
    [InlineData("fe80::1%eth0")]
    public void IsValid_HostNamesAndAddresses_AreAccepted(string host) => Assert.True(HostNames.IsValid(host));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("smtp..example.com")]
    [InlineData("-smtp.example.com")]
    [InlineData("smtp-.example.com")]
    [InlineData("smtp_relay.example.com")]
    [InlineData("smtp example.com")]
    [InlineData("bücher.example")]
    [InlineData("1.2.3")]
    [InlineData("1")]
    [InlineData("256.0.0.1")]
    [InlineData("01.2.3.4")]
    [InlineData("1.2.3.4.5")]
    [InlineData("[::1")]
    [InlineData("[127.0.0.1]")]
    [InlineData("smtp.example.com:587")]
    [InlineData("user@smtp.example.com")]
    public void IsValid_Others_AreRejected(string host) => Assert.False(HostNames.IsValid(host));

    [Fact]
    public void IsValid_LongNames_AreBounded()
    {
        Assert.True(HostNames.IsValid(new string('a', 63) + ".example"));
        Assert.False(HostNames.IsValid(new string('a', 64) + ".example"));
        Assert.False(HostNames.IsValid(string.Join('.', Enumerable.Repeat("abcdefghi", 26))));
    }
}
