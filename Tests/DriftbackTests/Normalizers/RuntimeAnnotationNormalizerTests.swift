import DriftbackSyntax
import Testing

@testable import Driftback

@Suite struct RuntimeAnnotationNormalizerTests {
  static let id = RuntimeAnnotationNormalizer().id

  static let deploymentIaC = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
      annotations:
        team: checkout
    spec:
      replicas: 3
      selector:
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

  static func deploymentLive(team: String = "checkout") -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      annotations:
        argocd.argoproj.io/tracking-id: shop:apps/Deployment:shop/web
        deployment.kubernetes.io/revision: "4"
        kubectl.kubernetes.io/last-applied-configuration: |
          {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{"team":"checkout"},"name":"web","namespace":"shop"},"spec":{"replicas":3}}
        team: \(team)
      creationTimestamp: "2026-11-02T09:14:07Z"
      generation: 7
      name: web
      namespace: shop
      resourceVersion: "918273"
      uid: 4b0d7c1e-2f7a-4c55-9a55-0c1f3b1e8d21
    spec:
      progressDeadlineSeconds: 600
      replicas: 3
      revisionHistoryLimit: 10
      selector:
        matchLabels:
          app: web
      strategy:
        rollingUpdate:
          maxSurge: 25%
          maxUnavailable: 25%
        type: RollingUpdate
      template:
        metadata:
          annotations:
            kubectl.kubernetes.io/restartedAt: "2026-11-20T03:12:44Z"
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
      observedGeneration: 7
      replicas: 3
    """
  }

  @Test func deploymentRuntimeAnnotationsAreNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.deploymentIaC, live: Self.deploymentLive()) == [])
    // The fixture really carries the noise this normalizer removes.
    let without = try NormalizerFixture.changes(iac: Self.deploymentIaC, live: Self.deploymentLive(), without: Self.id)
    #expect(without.contains(#"metadata.annotations["deployment.kubernetes.io/revision"] added"#))
    #expect(without.contains(#"metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"] added"#))
    #expect(without.contains("spec.template.metadata.annotations added"))
  }

  @Test func changedUserAnnotationIsReported() throws {
    let changes = try NormalizerFixture.changeList(iac: Self.deploymentIaC, live: Self.deploymentLive(team: "payments"))
    #expect(changes.map { "\($0.path) \($0.kind.rawValue)" } == ["metadata.annotations.team changed"])
    #expect(changes.first?.live == "payments")
  }

  @Test func cleaningRemovesRuntimeAnnotations() throws {
    let cleaned = try NormalizerFixture.clean(Self.deploymentLive())
    #expect(cleaned["metadata"]?["annotations"] == ["team": "checkout"])
    #expect(!NormalizerFixture.has(cleaned, ["spec", "template", "metadata", "annotations"]))
  }

  // MARK: - Namespace label

  static let namespaceIaC = """
    apiVersion: v1
    kind: Namespace
    metadata:
      name: shop
      labels:
        team: checkout
    """

  static func namespaceLive(extraLabel: String = "") -> String {
    """
    apiVersion: v1
    kind: Namespace
    metadata:
      creationTimestamp: "2026-10-01T08:00:00Z"
      labels:
        \(extraLabel)kubernetes.io/metadata.name: shop
        team: checkout
      name: shop
      resourceVersion: "1187"
      uid: 9f1b2c43-66e1-4f0e-bb1e-2d0f3a4c5e6f
    spec:
      finalizers:
      - kubernetes
    status:
      phase: Active
    """
  }

  @Test func namespaceNameLabelIsNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.namespaceIaC, live: Self.namespaceLive()) == [])
    #expect(
      try NormalizerFixture.changes(iac: Self.namespaceIaC, live: Self.namespaceLive(), without: Self.id)
        == [#"metadata.labels["kubernetes.io/metadata.name"] added"#])
    let planted = Self.namespaceLive(extraLabel: "istio-injection: enabled\n    ")
    #expect(
      try NormalizerFixture.changes(iac: Self.namespaceIaC, live: planted) == ["metadata.labels.istio-injection added"])
    #expect(try NormalizerFixture.clean(Self.namespaceLive())["metadata"]?["labels"] == ["team": "checkout"])
  }

  // MARK: - Job controller labels

  static let jobIaC = """
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: migrate
      namespace: shop
      labels:
        app: migrate
    spec:
      template:
        metadata:
          labels:
            app: migrate
        spec:
          restartPolicy: Never
          containers:
          - name: migrate
            image: ghcr.io/shop/migrate:2.4.1
            command: ["/migrate", "--up"]
    """

  static func jobLive(appLabel: String = "migrate") -> String {
    """
    apiVersion: batch/v1
    kind: Job
    metadata:
      annotations:
        batch.kubernetes.io/job-tracking: ""
      creationTimestamp: "2026-11-20T02:00:00Z"
      generation: 1
      labels:
        app: \(appLabel)
        batch.kubernetes.io/controller-uid: 0b5e6f2a-1c1d-4b8e-9c7a-3e2f1d0c9b8a
        batch.kubernetes.io/job-name: migrate
        controller-uid: 0b5e6f2a-1c1d-4b8e-9c7a-3e2f1d0c9b8a
        job-name: migrate
      name: migrate
      namespace: shop
      resourceVersion: "77211"
      uid: 0b5e6f2a-1c1d-4b8e-9c7a-3e2f1d0c9b8a
    spec:
      backoffLimit: 6
      completionMode: NonIndexed
      completions: 1
      manualSelector: false
      parallelism: 1
      podReplacementPolicy: TerminatingOrFailed
      selector:
        matchLabels:
          batch.kubernetes.io/controller-uid: 0b5e6f2a-1c1d-4b8e-9c7a-3e2f1d0c9b8a
      suspend: false
      template:
        metadata:
          creationTimestamp: null
          labels:
            app: migrate
            batch.kubernetes.io/controller-uid: 0b5e6f2a-1c1d-4b8e-9c7a-3e2f1d0c9b8a
            batch.kubernetes.io/job-name: migrate
            controller-uid: 0b5e6f2a-1c1d-4b8e-9c7a-3e2f1d0c9b8a
            job-name: migrate
        spec:
          containers:
          - command:
            - /migrate
            - --up
            image: ghcr.io/shop/migrate:2.4.1
            imagePullPolicy: IfNotPresent
            name: migrate
            resources: {}
            terminationMessagePath: /dev/termination-log
            terminationMessagePolicy: File
          dnsPolicy: ClusterFirst
          restartPolicy: Never
          schedulerName: default-scheduler
          securityContext: {}
          terminationGracePeriodSeconds: 30
    status:
      completionTime: "2026-11-20T02:00:41Z"
      succeeded: 1
    """
  }

  @Test func jobControllerLabelsAndSelectorAreNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.jobIaC, live: Self.jobLive()) == [])
    let without = try NormalizerFixture.changes(iac: Self.jobIaC, live: Self.jobLive(), without: Self.id)
    #expect(without.contains("spec.selector added"))
    #expect(without.contains("metadata.labels.job-name added"))
    #expect(without.contains(#"spec.template.metadata.labels["batch.kubernetes.io/controller-uid"] added"#))
    #expect(
      try NormalizerFixture.changes(iac: Self.jobIaC, live: Self.jobLive(appLabel: "migrate-v2"))
        == ["metadata.labels.app changed"])
    let cleaned = try NormalizerFixture.clean(Self.jobLive())
    #expect(cleaned["metadata"]?["labels"] == ["app": "migrate"])
    #expect(cleaned["spec"]?["selector"] == nil)
  }

  // MARK: - Volume annotations

  static func claimIaC(storageClassAnnotation: String) -> String {
    """
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: data
      namespace: shop
      annotations:
        volume.beta.kubernetes.io/storage-class: \(storageClassAnnotation)
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 20Gi
    """
  }

  static let claimLive = """
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      annotations:
        pv.kubernetes.io/bind-completed: "yes"
        pv.kubernetes.io/bound-by-controller: "yes"
        volume.beta.kubernetes.io/storage-class: standard
        volume.beta.kubernetes.io/storage-provisioner: ebs.csi.aws.com
        volume.kubernetes.io/selected-node: ip-10-0-3-17.ec2.internal
        volume.kubernetes.io/storage-provisioner: ebs.csi.aws.com
      creationTimestamp: "2026-11-02T09:20:00Z"
      finalizers:
      - kubernetes.io/pvc-protection
      name: data
      namespace: shop
      resourceVersion: "918301"
      uid: 5f2a0d3c-7b9e-4a61-8d2f-1e3c5b7a9d0f
    spec:
      accessModes:
      - ReadWriteOnce
      resources:
        requests:
          storage: 20Gi
      storageClassName: standard
      volumeMode: Filesystem
      volumeName: pvc-5f2a0d3c-7b9e-4a61-8d2f-1e3c5b7a9d0f
    status:
      accessModes:
      - ReadWriteOnce
      capacity:
        storage: 20Gi
      phase: Bound
    """

  @Test func volumeBinderAnnotationsAreNoiseButDeclaredOnesAreCompared() throws {
    #expect(
      try NormalizerFixture.changes(iac: Self.claimIaC(storageClassAnnotation: "standard"), live: Self.claimLive) == [])
    #expect(
      try NormalizerFixture.changes(iac: Self.claimIaC(storageClassAnnotation: "fast"), live: Self.claimLive)
        == [#"metadata.annotations["volume.beta.kubernetes.io/storage-class"] changed"#])
    let without = try NormalizerFixture.changes(
      iac: Self.claimIaC(storageClassAnnotation: "standard"), live: Self.claimLive, without: Self.id)
    #expect(without.contains(#"metadata.annotations["pv.kubernetes.io/bind-completed"] added"#))
  }
}
