/// The version of driftback.
enum DriftbackVersion {
  static let current = "0.1.0"
}
