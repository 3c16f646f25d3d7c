namespace BoneTumorTutor.Cases;

/// <summary>
/// Told when cases were added or changed (content sync, the editor, an import), so that work that depends on a case —
/// the model's cached reading, for one — can be brought up to date. Listeners must not throw for a case they cannot
/// handle; they log it and go on.
/// </summary>
public interface ICaseChangeListener
{
    Task CasesChangedAsync(IReadOnlyCollection<int> caseIds, CancellationToken cancellationToken);
}
