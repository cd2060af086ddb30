// The umbrella library: one import gives every stage.
@_exported import MicroPanelCSV
@_exported import MicroPanelColumns
@_exported import MicroPanelGzip
@_exported import MicroPanelIndicators
@_exported import MicroPanelOutput
@_exported import MicroPanelResources
