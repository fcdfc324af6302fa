public import DriftbackSyntax

/// Applies ignore rules to an analysis.
public enum IgnoreRules {
  /// Marks every finding that an unexpired rule covers as suppressed (the first such rule in file order
  /// names the suppression) and counts them in `summary.suppressed`; suppressed findings stay in the
  /// analysis but leave ``Analysis/activeFindings``. An expired rule suppresses nothing and gives a warning
  /// at its line; a rule that covers no finding gives a note.
  /// - Parameters:
  ///   - rules: the rules, in file order.
  ///   - analysis: the analysis (after history or post-deploy verification, so regressions are covered).
  ///   - today: the date rules expire against, `YYYY-MM-DD` (the caller owns the clock).
  /// - Returns: the analysis with suppressions and the rules' diagnostics.
  public static func apply(_ rules: [IgnoreRule], to analysis: Analysis, today: String) -> Analysis {
    var result = analysis
    let live = rules.filter { !$0.isExpired(today: today) }
    var used = Set<Int>()
    for index in result.findings.indices {
      var suppression: Suppression?
      for (position, rule) in live.enumerated() where rule.matches(result.findings[index]) {
        used.insert(position)
        if suppression == nil { suppression = rule.suppression }
      }
      result.findings[index].suppressedBy = suppression
    }
    result.summary.suppressed = result.findings.filter { $0.suppressedBy != nil }.count
    for rule in rules where rule.isExpired(today: today) {
      result.diagnostics.append(
        rule.diagnostic(
          .warning, "ignore rule expired on \(rule.expires): \(rule.reason); it suppresses nothing now"))
    }
    for (position, rule) in live.enumerated() where !used.contains(position) {
      var what = rule.resource.pattern
      if let path = rule.path { what += " " + path.pattern }
      result.diagnostics.append(rule.diagnostic(.note, "ignore rule matches no finding: \(what)"))
    }
    return result
  }
}
