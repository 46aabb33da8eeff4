namespace Wharf.Api.Patch;

/// <summary>How a patch failure should surface as an API status (the HTTP code the server answers).</summary>
public enum PatchFailure
{
    /// <summary>The patch document itself is malformed (400 BadRequest).</summary>
    BadRequest = 400,

    /// <summary>The patch is well-formed but cannot be applied to the object (422 Invalid / Unprocessable).</summary>
    Unprocessable = 422,

    /// <summary>The patch exceeds a size limit such as the JSON patch operation cap (413).</summary>
    TooLarge = 413,
}
