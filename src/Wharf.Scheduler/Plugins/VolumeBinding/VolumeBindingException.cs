namespace Wharf.Scheduler.Plugins.VolumeBinding;

/// <summary>A fault (not a "does not fit") of volume binding; the plugin turns it into an Error status with this message.</summary>
internal sealed class VolumeBindingException(string message, Exception? inner = null) : Exception(message, inner);
