// The Settings → Credentials page of the seed ("Add a Credential") on top of the credentials web API, for one fixed demo
// organization, on the embedded default: credentials.db and credentials.key in the working directory. The page is
// plain HTML, one JavaScript file and one CSS file in wwwroot; the API is MapCredentialsApi() from Credentials.AspNetCore.
//   dotnet run --project samples/AdminPortal                      -> http://localhost:5000
//   dotnet samples/AdminPortal/bin/Debug/net10.0/AdminPortal.dll --urls http://127.0.0.1:0
using AdminPortal;
using Credentials;

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
{
    Args = args,
    // The page's files sit next to the dll; data (the SQLite file and the key file) stays in the working directory.
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddCredentials().AddCommonTemplates();
builder.Services.AddCredentialsApi();
builder.Services.AddOpenApi();

var app = builder.Build();
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
app.MapCredentialsApi("/api/credentials", http => DemoUser.Context(http, demo));
app.MapOpenApi();

app.Run();
