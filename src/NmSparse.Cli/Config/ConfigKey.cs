using System.Text;

namespace NmSparse.Cli.Config;

/// <summary>Config files use snake_case keys for the PascalCase properties of the option records.</summary>
internal static class ConfigKey
{
    public static string FromProperty(string name)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
