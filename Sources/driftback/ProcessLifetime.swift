import Driftback

/// Holds large results until the process exits, so that their memory is returned to the system in one go
/// instead of being freed value by value (the same choice compilers make for their ASTs).
enum ProcessLifetime {
  nonisolated(unsafe) private static var kept: [Any] = []

  /// Keeps `value` alive until exit. Only called from the main thread.
  static func keepUntilExit(_ value: Any) {
    kept.append(value)
  }
}
