namespace Credentials;

internal sealed partial class CommonTemplates
{
    // Where code runs or ships: clouds, hosting platforms, sandboxes, registries and deploy keys.
    private static CredentialTemplate[] Runtimes() =>
    [
        // One credential for the pair, because the two values are only useful together; the key names the pair.
        new("aws", "Amazon Web Services", "AWS Access Key", "AWS_CREDENTIALS", CredentialType.KeyPair, CredentialCategory.Runtime,
            "IAM access key: api_key = access key id (AWS_ACCESS_KEY_ID), api_secret = secret access key (AWS_SECRET_ACCESS_KEY).",
            Docs("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html"))
        { EnvironmentVariables = Env(("api_key", "AWS_ACCESS_KEY_ID"), ("api_secret", "AWS_SECRET_ACCESS_KEY")) },
        // The variable normally holds a file path; the vault keeps the file's JSON, which a host writes out when needed. In a
        // child's environment the JSON goes to GOOGLE_CREDENTIALS (which Terraform and others read as the key's contents), not
        // to GOOGLE_APPLICATION_CREDENTIALS, which Google's libraries read as a path.
        new("google-cloud", "Google Cloud", "Google Cloud Service Account", "GOOGLE_APPLICATION_CREDENTIALS", CredentialType.Custom, CredentialCategory.Runtime,
            "Service account key: the whole JSON key file (GOOGLE_APPLICATION_CREDENTIALS points at such a file).",
            Docs("https://cloud.google.com/iam/docs/keys-create-delete"))
        { EnvironmentVariables = Env(("value", "GOOGLE_CREDENTIALS")) },
        new("azure", "Microsoft Azure", "Azure Service Principal", "AZURE_CLIENT_SECRET", CredentialType.OAuth2, CredentialCategory.Runtime,
            "Entra ID app registration: client_id = application (client) id, client_secret = client secret; set AZURE_TENANT_ID in configuration.",
            Docs("https://learn.microsoft.com/en-us/entra/identity-platform/howto-create-service-principal-portal"))
        { EnvironmentVariables = Env(("client_id", "AZURE_CLIENT_ID"), ("client_secret", "AZURE_CLIENT_SECRET")) },
        new("cloudflare", "Cloudflare", "Cloudflare API Token", "CLOUDFLARE_API_TOKEN", CredentialType.ApiToken, CredentialCategory.Runtime,
            "Scoped API token for Workers, Pages, DNS and wrangler.",
            Docs("https://developers.cloudflare.com/fundamentals/api/get-started/create-token/")),
        new("vercel", "Vercel", "Vercel Token", "VERCEL_TOKEN", CredentialType.ApiToken, CredentialCategory.Runtime,
            "Access token for the Vercel CLI and REST API.",
            Docs("https://vercel.com/docs/accounts/access-tokens")),
        new("netlify", "Netlify", "Netlify Auth Token", "NETLIFY_AUTH_TOKEN", CredentialType.ApiToken, CredentialCategory.Runtime,
            "Personal access token for the Netlify CLI and API.",
            Docs("https://docs.netlify.com/api-and-cli-guides/cli-guides/get-started-with-cli/"))
        { SecretPrefix = "nfp_" },
        new("fly", "Fly.io", "Fly.io API Token", "FLY_API_TOKEN", CredentialType.ApiToken, CredentialCategory.Runtime,
            "Deploy or organization token for flyctl and the Machines API.",
            Docs("https://fly.io/docs/security/tokens/")),
        new("railway", "Railway", "Railway Project Token", "RAILWAY_TOKEN", CredentialType.ApiToken, CredentialCategory.Runtime,
            "Project token for the Railway CLI in CI (account tokens go in RAILWAY_API_TOKEN).",
            Docs("https://docs.railway.com/integrations/api")),
        new("render", "Render", "Render API Key", "RENDER_API_KEY", CredentialType.ApiToken, CredentialCategory.Runtime,
            "API key for the Render REST API and its MCP server.",
            Docs("https://render.com/docs/api"))
        { SecretPrefix = "rnd_" },
        new("heroku", "Heroku", "Heroku API Key", "HEROKU_API_KEY", CredentialType.ApiToken, CredentialCategory.Runtime,
            "API key or authorization token for the Heroku CLI and Platform API.",
            Docs("https://devcenter.heroku.com/articles/authentication")),
        new("digitalocean", "DigitalOcean", "DigitalOcean Access Token", "DIGITALOCEAN_ACCESS_TOKEN", CredentialType.ApiToken, CredentialCategory.Runtime,
            "Personal access token for doctl and the DigitalOcean API.",
            Docs("https://docs.digitalocean.com/reference/api/create-personal-access-token/"))
        { SecretPrefix = "dop_v1_" },
        new("docker-hub", "Docker Hub", "Docker Hub Credentials", "DOCKERHUB_CREDENTIALS", CredentialType.UsernamePassword, CredentialCategory.Runtime,
            "Registry login: username = Docker ID, password = personal access token (preferred over the account password).",
            Docs("https://docs.docker.com/security/access-tokens/"))
        { EnvironmentVariables = Env(("username", "DOCKERHUB_USERNAME"), ("password", "DOCKERHUB_TOKEN")) },
        new("ssh-deploy-key", "SSH deploy key", "Deploy SSH Key", "DEPLOY_SSH_KEY", CredentialType.SshKey, CredentialCategory.Runtime,
            "SSH key pair for one repository or server (a GitHub or GitLab deploy key, or a deploy user).",
            Docs("https://docs.github.com/en/authentication/connecting-to-github-with-ssh/managing-deploy-keys"))
        { EnvironmentVariables = Env(("private_key", "DEPLOY_SSH_KEY"), ("public_key", "DEPLOY_SSH_PUBLIC_KEY"), ("passphrase", "DEPLOY_SSH_KEY_PASSPHRASE")) },
        new("e2b", "E2B", "E2B API Key", "E2B_API_KEY", CredentialType.ApiToken, CredentialCategory.Runtime,
            "Cloud sandboxes where agents run code.",
            Docs("https://e2b.dev/docs/api-key"))
        { SecretPrefix = "e2b_" },
        new("modal", "Modal", "Modal Token", "MODAL_TOKEN", CredentialType.KeyPair, CredentialCategory.Runtime,
            "Modal API token: api_key = token id (MODAL_TOKEN_ID, ak-...), api_secret = token secret (MODAL_TOKEN_SECRET).",
            Docs("https://modal.com/docs/reference/modal.config"))
        { SecretPrefix = "as-", EnvironmentVariables = Env(("api_key", "MODAL_TOKEN_ID"), ("api_secret", "MODAL_TOKEN_SECRET")) },
        new("npm", "npm", "npm Access Token", "NPM_TOKEN", CredentialType.ApiToken, CredentialCategory.Runtime,
            "Granular or classic token to install private packages and publish to the npm registry.",
            Docs("https://docs.npmjs.com/creating-and-viewing-access-tokens"))
        { SecretPrefix = "npm_" },
        new("pypi", "PyPI", "PyPI API Token", "PYPI_API_TOKEN", CredentialType.ApiToken, CredentialCategory.Runtime,
            "Upload token for PyPI (twine uses it as TWINE_PASSWORD with the user name __token__).",
            Docs("https://pypi.org/help/#apitoken"))
        { SecretPrefix = "pypi-" },
        new("nuget", "NuGet", "NuGet API Key", "NUGET_API_KEY", CredentialType.ApiToken, CredentialCategory.Runtime,
            "API key to push packages to nuget.org.",
            Docs("https://learn.microsoft.com/en-us/nuget/nuget-org/publish-a-package#create-an-api-key"))
        { HeaderName = "X-NuGet-ApiKey" },
    ];
}
