using System.Text.RegularExpressions;

namespace Akka.Mta.IntegrationTests;

/// <summary>README.md and docs/*.md: every relative link names a file or directory that exists.</summary>
public sealed partial class DocsLinkTests
{
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string> { "README.md" };
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root, "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Repository.Root, file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryRelativeLink_Resolves(string document)
    {
        var text = Repository.ReadText(document);
        var directory = Path.GetDirectoryName(Path.Combine(Repository.Root, document))!;
        var broken = new List<string>();
        foreach (Match link in Link().Matches(text))
        {
            var target = link.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith('#') || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }
            var path = target.Split('#')[0];
            if (!File.Exists(Path.Combine(directory, path)) && !Directory.Exists(Path.Combine(directory, path)))
            {
                broken.Add($"{document}:{LineOf(text, link.Index)}: {target}");
            }
        }
        Assert.True(broken.Count == 0, "links to nothing: " + string.Join("; ", broken));
    }

    [Fact]
    public void Readme_LinksEveryDocument_AndStaysShort()
    {
        var readme = Repository.ReadText("README.md");
        var links = Link().Matches(readme).Select(m => m.Groups["target"].Value.Split('#')[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root, "docs"), "*.md"))
        {
            Assert.Contains($"docs/{Path.GetFileName(file)}", links);
        }
        Assert.True(readme.Split('\n').Length < 250, "README.md is under 250 lines; reference text belongs in docs/");
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    // [text](target) outside code: inline links; targets without spaces (titles are not used here).
    [GeneratedRegex(@"\[[^\]\n]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();
}
