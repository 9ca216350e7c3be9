using System.Text.Json;
using System.Text.Json.Serialization;

namespace Credentials.AspNetCore;

/// <summary>
/// The source-generated JSON metadata of every body the credentials API reads and writes: camelCase property names,
/// wire names for types, categories and fields (<c>llm_provider</c>, <c>api_token</c>), ids as strings. The API writes
/// its responses through this context whatever the host's JSON options say; <c>AddCredentialsApi()</c> also puts it
/// in the host's <c>TypeInfoResolverChain</c> so OpenAPI and problem details find these types without reflection.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    MaxDepth = 64)]
[JsonSerializable(typeof(CredentialResponse))]
[JsonSerializable(typeof(CredentialPageResponse))]
[JsonSerializable(typeof(IReadOnlyList<CredentialTemplateResponse>))]
[JsonSerializable(typeof(IReadOnlyList<CredentialSchemaResponse>))]
[JsonSerializable(typeof(CredentialEditFormResponse))]
[JsonSerializable(typeof(DeletionImpactResponse))]
[JsonSerializable(typeof(IReadOnlyList<DeletedCredentialResponse>))]
[JsonSerializable(typeof(IReadOnlyList<ConsumerResponse>))]
[JsonSerializable(typeof(CreateCredentialRequest))]
[JsonSerializable(typeof(UpdateCredentialRequest))]
[JsonSerializable(typeof(AssignConsumerRequest))]
[JsonSerializable(typeof(OAuthAuthorizationResponse))]
[JsonSerializable(typeof(ConnectionStatusResponse))]
[JsonSerializable(typeof(RegisterMcpClientRequest))]
[JsonSerializable(typeof(string[]))]
public sealed partial class CredentialsApiJsonContext : JsonSerializerContext;
