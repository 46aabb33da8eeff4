using System.Text.Json;

namespace Wharf.Scheduler.Config;

/// <summary>Reads a KubeSchedulerConfiguration file (YAML or JSON), applies defaults and validates it.</summary>
public static class SchedulerConfigLoader
{
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web);

    public static KubeSchedulerConfiguration LoadFile(string path) => Parse(File.ReadAllText(path));

    public static KubeSchedulerConfiguration Parse(string text)
    {
        var json = YamlToJson.Convert(text);
        var config = JsonSerializer.Deserialize<KubeSchedulerConfiguration>(json, s_options) ?? new KubeSchedulerConfiguration();
        Validate(config);
        return WithDefaults(config);
    }

    /// <summary>Adds the default profile when none is given.</summary>
    public static KubeSchedulerConfiguration WithDefaults(KubeSchedulerConfiguration config)
    {
        if (config.Profiles.Count == 0) config.Profiles.Add(new SchedulerProfileConfig());
        return config;
    }

    public static void Validate(KubeSchedulerConfiguration config)
    {
        var errors = new List<string>();
        if (config.ApiVersion is not null && config.ApiVersion != KubeSchedulerConfiguration.ApiVersionV1)
            errors.Add($"apiVersion: unsupported \"{config.ApiVersion}\", expected {KubeSchedulerConfiguration.ApiVersionV1}");
        if (config.Kind is not null && config.Kind != KubeSchedulerConfiguration.KindName)
            errors.Add($"kind: expected {KubeSchedulerConfiguration.KindName}");
        if (config.Parallelism <= 0) errors.Add("parallelism: should be an integer value greater than zero");
        CheckPercentage(config.PercentageOfNodesToScore, "percentageOfNodesToScore", errors);
        if (config.PodInitialBackoffSeconds <= 0) errors.Add("podInitialBackoffSeconds: must be greater than 0");
        if (config.PodMaxBackoffSeconds < config.PodInitialBackoffSeconds) errors.Add("podMaxBackoffSeconds: must be greater than or equal to PodInitialBackoffSeconds");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Profiles.Count; i++)
        {
            var p = config.Profiles[i];
            if (string.IsNullOrEmpty(p.SchedulerName)) errors.Add($"profiles[{i}].schedulerName: Required value");
            else if (!names.Add(p.SchedulerName)) errors.Add($"profiles[{i}].schedulerName: Duplicate value: \"{p.SchedulerName}\"");
            CheckPercentage(p.PercentageOfNodesToScore, $"profiles[{i}].percentageOfNodesToScore", errors);
        }
        if (errors.Count > 0) throw new InvalidSchedulerConfigException(errors);
    }

    private static void CheckPercentage(int? value, string field, List<string> errors)
    {
        if (value is < 0 or > 100) errors.Add($"{field}: Invalid value: {value}: not in valid range [0-100]");
    }
}
