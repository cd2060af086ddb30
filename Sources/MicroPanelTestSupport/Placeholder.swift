import MicroPanel
