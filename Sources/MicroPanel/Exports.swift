// What `import MicroPanel` gives: the front door (``Pipeline`` and its configurations, reports
// and errors, in this module), the indicator registry and results (MicroPanelIndicators), the
// scoring of client surveys (MicroPanelSurveys), and
// the few types of the stages a configuration or a result names. Everything else stays in its
// stage's module; import that module to use a stage directly (the stage benchmarks do).
// Re-exported: reading options, the errors of every stage and their shape, the output options.
@_exported import MicroPanelIndicators
@_exported import MicroPanelSurveys

@_exported import enum MicroPanelCSV.BadRowPolicy
@_exported import struct MicroPanelCSV.CSVError
@_exported import struct MicroPanelCSV.CSVOptions
@_exported import enum MicroPanelColumns.BadNumberPolicy
@_exported import struct MicroPanelColumns.ColumnMapping
@_exported import enum MicroPanelColumns.FieldCatalog
@_exported import struct MicroPanelColumns.FieldDefinition
@_exported import enum MicroPanelColumns.FiscalYear
@_exported import struct MicroPanelColumns.Table
@_exported import struct MicroPanelColumns.ValueOptions
@_exported import struct MicroPanelGzip.InputError
@_exported import protocol MicroPanelOutput.ByteSink
@_exported import struct MicroPanelOutput.OutputClosed
@_exported import struct MicroPanelOutput.OutputError
@_exported import enum MicroPanelOutput.OutputFormat
@_exported import enum MicroPanelResources.BundledData
@_exported import struct MicroPanelSupport.ErrorLocation
@_exported import protocol MicroPanelSupport.MicroPanelError
@_exported import struct MicroPanelSupport.SystemError
