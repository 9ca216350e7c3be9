using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.Primitives;

namespace Credentials.AspNetCore.Tests;

public sealed class ETagsTests
{
    [Property]
    public bool FormatThenParse_RoundTripsEveryVersion(NonNegativeInt version) =>
        ETags.TryParseIfMatch(new StringValues(ETags.Format(version.Get)), out var parsed) && parsed == version.Get;

    [Property]
    public bool Parse_AcceptsOnlyOneStrongTagOfDigits(string? text)
    {
        var accepted = ETags.TryParseIfMatch(new StringValues(text), out var version);
        var trimmed = text?.Trim();
        var isTag = trimmed is { Length: >= 3 } && trimmed[0] == '"' && trimmed[^1] == '"' && trimmed[1..^1].All(char.IsAsciiDigit) && long.TryParse(trimmed[1..^1], out _);
        var isNoCondition = string.IsNullOrEmpty(text) || trimmed == "*";
        return accepted == (isTag || isNoCondition) && (version is null) == !isTag;
    }

    [Theory]
    [InlineData("W/\"3\"")]
    [InlineData("\"3\", \"4\"")]
    [InlineData("\"-3\"")]
    [InlineData("\"99999999999999999999\"")]
    public void Parse_RejectsWeakListsSignsAndOverflow(string text) =>
        Assert.False(ETags.TryParseIfMatch(new StringValues(text), out _));
}
