using System.Text.Json.Serialization;

namespace Credentials;

/// <summary>How credentials are grouped in the UI.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CredentialCategory>))]
public enum CredentialCategory
{
    /// <summary>LLM providers. Wire name <c>llm_provider</c>.</summary>
    [JsonStringEnumMemberName("llm_provider")]
    LlmProvider,

    /// <summary>MCP and tool services. Wire name <c>mcp_service</c>.</summary>
    [JsonStringEnumMemberName("mcp_service")]
    McpService,

    /// <summary>Runtimes and infrastructure. Wire name <c>runtime</c>.</summary>
    [JsonStringEnumMemberName("runtime")]
    Runtime,

    /// <summary>Email, chat and messaging. Wire name <c>communication</c>.</summary>
    [JsonStringEnumMemberName("communication")]
    Communication,

    /// <summary>Anything else. Wire name <c>custom</c>.</summary>
    [JsonStringEnumMemberName("custom")]
    Custom,
}
