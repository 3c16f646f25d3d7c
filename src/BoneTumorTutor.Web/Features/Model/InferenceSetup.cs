using BoneTumorTutor.Cases;
using BoneTumorTutor.Inference;
using Microsoft.Extensions.Options;

namespace BoneTumorTutor.Web.Features.Model;

public static class InferenceSetup
{
    /// <summary>
    /// Model serving: the active model (one ONNX Runtime session, CUDA when available, else CPU), the background job
    /// that caches its readings of published cases, and the rules for who may see model output.
    /// </summary>
    public static IServiceCollection AddInference(this IServiceCollection services)
    {
        services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.Section);
        services.AddSingleton(sp => new ModelHost(
            sp.GetRequiredService<BoneTumorTutor.Data.AppPaths>(),
            sp.GetRequiredService<IOptions<InferenceOptions>>().Value,
            sp.GetRequiredService<ILogger<ModelHost>>()));
        services.AddSingleton<IActiveModel>(sp => sp.GetRequiredService<ModelHost>());
        services.AddSingleton<PredictionQueue>();
        services.AddSingleton<ICaseChangeListener>(sp => sp.GetRequiredService<PredictionQueue>());
        services.AddHostedService<PredictionWorker>();
        services.AddScoped<ModelReadings>();
        services.AddScoped<FeatureMaps>();
        services.AddScoped<IModelOutputAccessRule, PracticeModelOutputAccess>();
        return services;
    }
}

/// <summary>Loads the active model when the app starts, queues the missing readings, and runs the prediction job.</summary>
internal sealed class PredictionWorker(ModelHost models, PredictionQueue queue, IOptions<InferenceOptions> options) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        models.LoadAtStart();
        if (options.Value.ComputeAtStart)
        {
            queue.EnqueueAllMissing();
        }

        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() => queue.RunAsync(stoppingToken), stoppingToken);
}
