namespace Wharf.Api.Patch;

/// <summary>
/// The only exception the patch engines throw. <see cref="StatusCode"/> tells the API server which status to
/// answer; the message follows upstream's wording so kubectl users see familiar text.
/// </summary>
public sealed class PatchException : Exception
{
    public PatchException(string message, PatchFailure failure = PatchFailure.Unprocessable)
        : base(message)
    {
        Failure = failure;
    }

    public PatchFailure Failure { get; }

    public int StatusCode => (int)Failure;

    internal static PatchException BadRequest(string message) => new(message, PatchFailure.BadRequest);
}
