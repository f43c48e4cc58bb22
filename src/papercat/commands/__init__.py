"""The commands, one module each: read through the I/O edge, call the pure steps, write, return a report.

`cli` parses arguments, calls one of these and prints its report; nothing here prints.
"""
