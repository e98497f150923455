using Jint;

namespace PluginToLoad
{
    /// <summary>Runs JavaScript in a fresh Jint engine: the plugin's hot code is Jint's interpreter.</summary>
    public static class JavaScript
    {
        /// <summary>The completion value of <paramref name="script"/>, as a string.</summary>
        public static string Evaluate(string script) => new Engine().Evaluate(script).ToString();
    }
}
