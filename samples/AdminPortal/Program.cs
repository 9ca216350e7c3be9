// The Settings → Credentials page of the seed ("Add a Credential") on top of the credentials web API, for one fixed demo
// organization, on the embedded default: credentials.db and credentials.key in the working directory. The page is
// plain HTML, one JavaScript file and one CSS file in wwwroot; the API is MapCredentialsApi() from Credentials.AspNetCore.
//   dotnet run --project samples/AdminPortal                      -> http://localhost:5000
//   dotnet samples/AdminPortal/bin/Debug/net10.0/AdminPortal.dll --urls http://127.0.0.1:8080
// OAuth 2.0 cards get a "Connect" button: the redirect URI is AdminPortal:OAuthRedirectUri, or the listening address +
// /api/credentials/oauth/callback (with a random port, --urls http://127.0.0.1:0, set it, or Connect is off). A test
// authorization server on a private address needs --AdminPortal:AllowPrivateNetworkDestinations=true.
using AdminPortal;
using Credentials;

const string ApiPrefix = "/api/credentials";

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
{
    Args = args,
    // The page's files sit next to the dll; data (the SQLite file and the key file) stays in the working directory.
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

// Only for an authorization server on loopback or a private network (tests, on-premises): token and discovery requests
// then go there too. Off unless configured.
var allowPrivateNetwork = bool.TryParse(builder.Configuration["AdminPortal:AllowPrivateNetworkDestinations"], out var allow) && allow;
var credentials = builder.Services.AddCredentials(o => o.AllowPrivateNetworkDestinations = allowPrivateNetwork).AddCommonTemplates();
var redirectUri = OAuthRedirect.Resolve(builder.Configuration, ApiPrefix);
if (redirectUri is not null)
{
    credentials.AddOAuth(o => o.RedirectUri = redirectUri);
}

// After a connection the callback sends the browser back to the page (the default return URL, "~/").
builder.Services.AddCredentialsApi();
builder.Services.AddOpenApi();

var app = builder.Build();
if (redirectUri is null)
{
    app.Logger.LogWarning("OAuth 2.0 Connect is off: the listening port is chosen at start-up, so the redirect URI is unknown. Set {Key} (or listen on a fixed port) to turn it on.", OAuthRedirect.RedirectUriKey);
}

app.UseDefaultFiles();
app.UseStaticFiles();

// A real host takes the organization and the user from the signed-in user's claims and secures the group:
//   app.MapCredentialsApi("/api/credentials", http => new CredentialContext(
//           new OrganizationId(http.User.FindFirst("org_id")!.Value), http.User.FindFirst("sub")?.Value))
//      .RequireAuthorization();
// This sample has no sign-in: DemoUser reads who to act as from the request (a header, a query value or a cookie), so
// the page can switch between the organization's administrator and demo users. Anyone can claim to be anyone: it is a
// demonstration of per-user credentials, NOT authentication.
var demo = new OrganizationId("demo");
app.MapCredentialsApi(ApiPrefix, http => DemoUser.Context(http, demo));
app.MapOpenApi();

app.Run();
