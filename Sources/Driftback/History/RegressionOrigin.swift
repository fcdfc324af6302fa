/// Where a regression's lost runtime patch was last seen: the earlier capture's analysis, from which the
/// back-port of the lost value is planned. A class, so that an analysis can hold the analyses of earlier
/// captures (a struct cannot contain itself) and many regressions share one.
public final class RegressionOrigin: Sendable {
  /// The label of the last capture that had the runtime patch.
  public let capture: String
  /// The id of the runtime-patch finding in that capture.
  public let findingID: String
  /// That capture's analysis.
  public let analysis: Analysis

  /// Creates an origin.
  public init(capture: String, findingID: String, analysis: Analysis) {
    self.capture = capture
    self.findingID = findingID
    self.analysis = analysis
  }
}
