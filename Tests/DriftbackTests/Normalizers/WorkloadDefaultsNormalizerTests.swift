import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

@Suite struct WorkloadDefaultsNormalizerTests {
  static let id = WorkloadDefaultsNormalizer().id

  // MARK: - Deployment

  static func deploymentIaC(spec: String = "") -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
    spec:
      \(spec)selector:
        matchLabels:
          app: web
      template:
        metadata:
          labels:
            app: web
        spec:
          containers:
          - name: web
            image: nginx:1.27
    """
  }

  static func deploymentLive(replicas: Int = 1, maxSurge: String = "25%") -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      annotations:
        deployment.kubernetes.io/revision: "1"
      creationTimestamp: "2026-11-02T09:14:07Z"
      generation: 1
      name: web
      namespace: shop
      resourceVersion: "918273"
      uid: 4b0d7c1e-2f7a-4c55-9a55-0c1f3b1e8d21
    spec:
      progressDeadlineSeconds: 600
      replicas: \(replicas)
      revisionHistoryLimit: 10
      selector:
        matchLabels:
          app: web
      strategy:
        rollingUpdate:
          maxSurge: \(maxSurge)
          maxUnavailable: 25%
        type: RollingUpdate
      template:
        metadata:
          creationTimestamp: null
          labels:
            app: web
        spec:
          containers:
          - image: nginx:1.27
            imagePullPolicy: IfNotPresent
            name: web
            resources: {}
            terminationMessagePath: /dev/termination-log
            terminationMessagePolicy: File
          dnsPolicy: ClusterFirst
          restartPolicy: Always
          schedulerName: default-scheduler
          securityContext: {}
          terminationGracePeriodSeconds: 30
    status:
      availableReplicas: 1
      observedGeneration: 1
      readyReplicas: 1
      replicas: 1
      updatedReplicas: 1
    """
  }

  @Test func deploymentDefaultsAreNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.deploymentIaC(), live: Self.deploymentLive()) == [])
    #expect(
      try NormalizerFixture.changes(iac: Self.deploymentIaC(), live: Self.deploymentLive(), without: Self.id) == [
        "spec.progressDeadlineSeconds added", "spec.replicas added", "spec.revisionHistoryLimit added",
        "spec.strategy added",
      ])
  }

  @Test func replicasDeclaredInIaCAreCompared() throws {
    let changes = try NormalizerFixture.changeList(
      iac: Self.deploymentIaC(spec: "replicas: 3\n  "), live: Self.deploymentLive())
    #expect(changes.map { "\($0.path) \($0.kind.rawValue)" } == ["spec.replicas changed"])
    #expect(changes.first?.iac == 3)
    #expect(changes.first?.live == 1)
  }

  @Test func nonDefaultRollingUpdateIsReported() throws {
    let changes = try NormalizerFixture.changeList(
      iac: Self.deploymentIaC(), live: Self.deploymentLive(maxSurge: "50%"))
    #expect(changes.map { "\($0.path) \($0.kind.rawValue)" } == ["spec.strategy added"])
    // Only what differs from the default is left in the finding.
    #expect(changes.first?.live == ["rollingUpdate": ["maxSurge": "50%"]])
  }

  @Test func strategyTypeAloneGetsTheDefaultRollingUpdate() throws {
    let iac = Self.deploymentIaC(spec: "strategy:\n    type: RollingUpdate\n  ")
    #expect(try NormalizerFixture.changes(iac: iac, live: Self.deploymentLive()) == [])
    #expect(
      try NormalizerFixture.changes(iac: iac, live: Self.deploymentLive(), without: Self.id).contains(
        "spec.strategy.rollingUpdate added"))
  }

  @Test func cleaningADeploymentRemovesDefaults() throws {
    let spec = try #require(try NormalizerFixture.clean(Self.deploymentLive(replicas: 2))["spec"])
    #expect(spec["replicas"] == 2)
    for key in ["strategy", "revisionHistoryLimit", "progressDeadlineSeconds"] { #expect(spec[key] == nil, "\(key)") }
  }

  @Test func legacyExtensionsDeploymentHasItsOwnDefaults() throws {
    let iac = Self.deploymentIaC().replacingOccurrences(of: "apps/v1", with: "extensions/v1beta1")
    let live = Self.deploymentLive()
      .replacingOccurrences(of: "apps/v1", with: "extensions/v1beta1")
      .replacingOccurrences(of: "maxSurge: 25%", with: "maxSurge: 1")
      .replacingOccurrences(of: "maxUnavailable: 25%", with: "maxUnavailable: 1")
      .replacingOccurrences(of: "progressDeadlineSeconds: 600", with: "progressDeadlineSeconds: 2147483647")
      .replacingOccurrences(of: "revisionHistoryLimit: 10", with: "revisionHistoryLimit: 2147483647")
    #expect(try NormalizerFixture.changes(iac: iac, live: live) == [])
    // The apps/v1 defaults are not those: the same capture against an apps/v1 manifest is drift.
    #expect(try NormalizerFixture.changes(iac: Self.deploymentIaC(), live: live).contains("spec.strategy added"))
  }

  // MARK: - StatefulSet

  static let statefulSetIaC = """
    apiVersion: apps/v1
    kind: StatefulSet
    metadata:
      name: db
      namespace: shop
    spec:
      serviceName: db
      selector:
        matchLabels:
          app: db
      template:
        metadata:
          labels:
            app: db
        spec:
          containers:
          - name: postgres
            image: postgres:16.4
      volumeClaimTemplates:
      - metadata:
          name: data
        spec:
          accessModes: [ReadWriteOnce]
          resources:
            requests:
              storage: 20Gi
    """

  static func statefulSetLive(podManagementPolicy: String = "OrderedReady") -> String {
    """
    apiVersion: apps/v1
    kind: StatefulSet
    metadata:
      creationTimestamp: "2026-11-02T09:14:07Z"
      generation: 1
      name: db
      namespace: shop
      resourceVersion: "55120"
      uid: 1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f
    spec:
      persistentVolumeClaimRetentionPolicy:
        whenDeleted: Retain
        whenScaled: Retain
      podManagementPolicy: \(podManagementPolicy)
      replicas: 1
      revisionHistoryLimit: 10
      selector:
        matchLabels:
          app: db
      serviceName: db
      template:
        metadata:
          creationTimestamp: null
          labels:
            app: db
        spec:
          containers:
          - image: postgres:16.4
            imagePullPolicy: IfNotPresent
            name: postgres
            resources: {}
            terminationMessagePath: /dev/termination-log
            terminationMessagePolicy: File
          dnsPolicy: ClusterFirst
          restartPolicy: Always
          schedulerName: default-scheduler
          securityContext: {}
          terminationGracePeriodSeconds: 30
      updateStrategy:
        rollingUpdate:
          partition: 0
        type: RollingUpdate
      volumeClaimTemplates:
      - apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          creationTimestamp: null
          name: data
        spec:
          accessModes:
          - ReadWriteOnce
          resources:
            requests:
              storage: 20Gi
          volumeMode: Filesystem
        status:
          phase: Pending
    status:
      availableReplicas: 1
      replicas: 1
    """
  }

  @Test func statefulSetDefaultsAreNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.statefulSetIaC, live: Self.statefulSetLive()) == [])
    let without = try NormalizerFixture.changes(
      iac: Self.statefulSetIaC, live: Self.statefulSetLive(), without: Self.id)
    #expect(without.contains("spec.updateStrategy added"))
    #expect(without.contains("spec.volumeClaimTemplates[0].spec.volumeMode added"))
    #expect(without.contains("spec.volumeClaimTemplates[0].kind added"))
    #expect(
      try NormalizerFixture.changes(
        iac: Self.statefulSetIaC, live: Self.statefulSetLive(podManagementPolicy: "Parallel"))
        == ["spec.podManagementPolicy added"])
    let cleaned = try NormalizerFixture.clean(Self.statefulSetLive())
    #expect(cleaned["spec"]?["updateStrategy"] == nil)
    #expect(cleaned["spec"]?["volumeClaimTemplates"]?.list?.first?["kind"] == nil)
  }

  @Test func appsV1beta1StatefulSetDefaultsToOnDelete() throws {
    let onDelete = Self.statefulSetLive().replacingOccurrences(
      of: "updateStrategy:\n    rollingUpdate:\n      partition: 0\n    type: RollingUpdate",
      with: "updateStrategy:\n    type: OnDelete")
    #expect(onDelete.contains("type: OnDelete"))
    let v1beta1 = Self.statefulSetIaC.replacingOccurrences(of: "apps/v1", with: "apps/v1beta1")
    #expect(try NormalizerFixture.changes(iac: v1beta1, live: onDelete) == [])
    #expect(try NormalizerFixture.changes(iac: Self.statefulSetIaC, live: onDelete) == ["spec.updateStrategy added"])
  }

  // MARK: - DaemonSet

  static let daemonSetIaC = """
    apiVersion: apps/v1
    kind: DaemonSet
    metadata:
      name: node-exporter
      namespace: monitoring
    spec:
      selector:
        matchLabels:
          app: node-exporter
      template:
        metadata:
          labels:
            app: node-exporter
        spec:
          containers:
          - name: node-exporter
            image: quay.io/prometheus/node-exporter:v1.8.2
    """

  static func daemonSetLive(maxUnavailable: Int = 1) -> String {
    """
    apiVersion: apps/v1
    kind: DaemonSet
    metadata:
      annotations:
        deprecated.daemonset.template.generation: "1"
      creationTimestamp: "2026-11-02T09:14:07Z"
      generation: 1
      name: node-exporter
      namespace: monitoring
      resourceVersion: "4410"
      uid: 7e8f9a0b-1c2d-4e3f-8a9b-0c1d2e3f4a5b
    spec:
      revisionHistoryLimit: 10
      selector:
        matchLabels:
          app: node-exporter
      template:
        metadata:
          creationTimestamp: null
          labels:
            app: node-exporter
        spec:
          containers:
          - image: quay.io/prometheus/node-exporter:v1.8.2
            imagePullPolicy: IfNotPresent
            name: node-exporter
            resources: {}
            terminationMessagePath: /dev/termination-log
            terminationMessagePolicy: File
          dnsPolicy: ClusterFirst
          restartPolicy: Always
          schedulerName: default-scheduler
          securityContext: {}
          terminationGracePeriodSeconds: 30
      updateStrategy:
        rollingUpdate:
          maxSurge: 0
          maxUnavailable: \(maxUnavailable)
        type: RollingUpdate
    status:
      currentNumberScheduled: 3
      desiredNumberScheduled: 3
    """
  }

  @Test func daemonSetDefaultsAreNoise() throws {
    let iac = Self.daemonSetIaC
    #expect(try NormalizerFixture.changes(iac: iac, live: Self.daemonSetLive()) == [])
    #expect(
      try NormalizerFixture.changes(iac: iac, live: Self.daemonSetLive(), without: Self.id)
        == ["spec.revisionHistoryLimit added", "spec.updateStrategy added"])
    let changes = try NormalizerFixture.changeList(iac: iac, live: Self.daemonSetLive(maxUnavailable: 2))
    #expect(changes.map { "\($0.path) \($0.kind.rawValue)" } == ["spec.updateStrategy added"])
    #expect(changes.first?.live == ["rollingUpdate": ["maxUnavailable": 2]])
  }

  // MARK: - Job and CronJob

  static func jobSpec(_ extra: String = "") -> String {
    """
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: report
      namespace: shop
    spec:
      \(extra)template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: report
            image: ghcr.io/shop/report:1.0.3
    """
  }

  static func jobLive(parallelism: Int = 1, completions: Int = 1) -> String {
    """
    apiVersion: batch/v1
    kind: Job
    metadata:
      creationTimestamp: "2026-11-20T02:00:00Z"
      name: report
      namespace: shop
    spec:
      backoffLimit: 6
      completionMode: NonIndexed
      completions: \(completions)
      manualSelector: false
      parallelism: \(parallelism)
      podReplacementPolicy: TerminatingOrFailed
      suspend: false
      template:
        spec:
          containers:
          - image: ghcr.io/shop/report:1.0.3
            imagePullPolicy: IfNotPresent
            name: report
            resources: {}
            terminationMessagePath: /dev/termination-log
            terminationMessagePolicy: File
          dnsPolicy: ClusterFirst
          restartPolicy: OnFailure
          schedulerName: default-scheduler
          securityContext: {}
          terminationGracePeriodSeconds: 30
    """
  }

  @Test func jobDefaultsAreNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.jobSpec(), live: Self.jobLive()) == [])
    #expect(
      try NormalizerFixture.changes(iac: Self.jobSpec(), live: Self.jobLive(), without: Self.id) == [
        "spec.backoffLimit added", "spec.completionMode added", "spec.completions added", "spec.manualSelector added",
        "spec.parallelism added", "spec.podReplacementPolicy added", "spec.suspend added",
      ])
    #expect(
      try NormalizerFixture.changes(iac: Self.jobSpec(), live: Self.jobLive(parallelism: 4)) == [
        "spec.parallelism added"
      ])
  }

  @Test func completionsAreOnlyDefaultedWhenParallelismIsUnset() throws {
    // A work queue (parallelism only) gets no completions; a live completions there is not a default.
    let workQueue = Self.jobSpec("parallelism: 3\n  ")
    #expect(
      try NormalizerFixture.changes(iac: workQueue, live: Self.jobLive(parallelism: 3)) == ["spec.completions added"])
    let cleaned = try NormalizerFixture.clean(Self.jobLive(parallelism: 3))
    #expect(cleaned["spec"]?["completions"] == 1)
    #expect(try NormalizerFixture.clean(Self.jobLive())["spec"]?["completions"] == nil)
  }

  static let cronJobIaC = """
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: nightly
      namespace: shop
    spec:
      schedule: "0 3 * * *"
      jobTemplate:
        spec:
          template:
            spec:
              restartPolicy: OnFailure
              containers:
              - name: nightly
                image: ghcr.io/shop/nightly:3.1.0
    """

  static func cronJobLive(concurrencyPolicy: String = "Allow") -> String {
    """
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      creationTimestamp: "2026-11-02T09:14:07Z"
      generation: 1
      name: nightly
      namespace: shop
      resourceVersion: "918400"
      uid: 2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e
    spec:
      concurrencyPolicy: \(concurrencyPolicy)
      failedJobsHistoryLimit: 1
      jobTemplate:
        metadata:
          creationTimestamp: null
        spec:
          backoffLimit: 6
          completionMode: NonIndexed
          completions: 1
          manualSelector: false
          parallelism: 1
          podReplacementPolicy: TerminatingOrFailed
          suspend: false
          template:
            metadata:
              creationTimestamp: null
            spec:
              containers:
              - image: ghcr.io/shop/nightly:3.1.0
                imagePullPolicy: IfNotPresent
                name: nightly
                resources: {}
                terminationMessagePath: /dev/termination-log
                terminationMessagePolicy: File
              dnsPolicy: ClusterFirst
              restartPolicy: OnFailure
              schedulerName: default-scheduler
              securityContext: {}
              terminationGracePeriodSeconds: 30
      schedule: 0 3 * * *
      successfulJobsHistoryLimit: 3
      suspend: false
    status:
      lastScheduleTime: "2026-11-20T03:00:00Z"
    """
  }

  @Test func cronJobDefaultsAreNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.cronJobIaC, live: Self.cronJobLive()) == [])
    let without = try NormalizerFixture.changes(iac: Self.cronJobIaC, live: Self.cronJobLive(), without: Self.id)
    #expect(without.contains("spec.successfulJobsHistoryLimit added"))
    #expect(without.contains("spec.jobTemplate.spec.backoffLimit added"))
    #expect(
      try NormalizerFixture.changes(iac: Self.cronJobIaC, live: Self.cronJobLive(concurrencyPolicy: "Forbid"))
        == ["spec.concurrencyPolicy added"])
    let cleaned = try NormalizerFixture.clean(Self.cronJobLive())
    #expect(cleaned["spec"]?["jobTemplate"]?["spec"]?["backoffLimit"] == nil)
    #expect(cleaned["spec"]?["suspend"] == nil)
  }
}
