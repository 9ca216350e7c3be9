namespace Credentials;

/// <summary>docs/templates.md is generated from the catalog; these tests keep the file and the code in step.</summary>
public sealed class TemplateCatalogMarkdownTests
{
    private const string DocsPath = "docs/templates.md";

    [Fact]
    public void DocsTemplatesMd_InTheRepository_MatchesTheCatalog()
    {
        var rendered = TemplateCatalogMarkdown.Render(CommonTemplates.All);
        var path = Path.Combine(RepositoryRoot(), DocsPath);

        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, rendered);
            return;
        }

        // Compare with \n line endings: a checkout with core.autocrlf must not count as stale.
        var stored = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        Assert.True(
            stored == rendered,
            $"{DocsPath} is stale: it no longer matches the template catalog. Regenerate it from the repository root with:{Environment.NewLine}"
            + $"  {TemplateCatalogMarkdown.RegenerateCommand}{Environment.NewLine}then commit the file.");
    }

    [Fact]
    public void Render_Catalog_HasOneSectionPerCategoryAndOneRowPerTemplate()
    {
        var markdown = TemplateCatalogMarkdown.Render(CommonTemplates.All);
        var lines = markdown.Split('\n');

        Assert.Equal(4, lines.Count(l => l.StartsWith("## ", StringComparison.Ordinal)));
        Assert.Equal(CommonTemplates.All.Count, lines.Count(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains("[docs](", StringComparison.Ordinal)));
        Assert.DoesNotContain('\r', markdown);
        Assert.EndsWith("\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Template_ShowsServiceIdKeyTypeDescriptionAndLink()
    {
        var markdown = TemplateCatalogMarkdown.Render(CommonTemplates.All);

        Assert.Contains(
            "| OpenAI | `openai` | `OPENAI_API_KEY` | api_token | GPT, reasoning, embedding, image and audio models from OpenAI. | [docs](https://platform.openai.com/docs/quickstart) |",
            markdown,
            StringComparison.Ordinal);
        Assert.Contains("`host=smtp.gmail.com`, `port=587`", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TextWithPipeOrLineBreak_StaysInOneCell()
    {
        var template = TestServices.HostTemplate("pipes") with { Service = "A|B", Description = "first\nsecond" };

        var row = TemplateCatalogMarkdown.Render([template]).Split('\n').Single(l => l.Contains("`pipes`", StringComparison.Ordinal));

        Assert.StartsWith("| A\\|B | `pipes` |", row, StringComparison.Ordinal);
        Assert.Contains("| first second |", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoTemplates_HasNoSections()
    {
        Assert.DoesNotContain("## ", TemplateCatalogMarkdown.Render([]), StringComparison.Ordinal);
    }

    // The folder that holds Credentials.sln, found from the test's output folder, so the test works from any checkout.
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Credentials.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains Credentials.sln.");
    }
}
