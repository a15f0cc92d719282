"""The number formats the report's workbook writes its figures in."""

# A fall is signed with the minus sign (U+2212), in the workbook as in the PDF and the document.
CHANGE, CHANGE_DECIMAL = '+#,##0;"\u2212"#,##0;0', '+#,##0.0;"\u2212"#,##0.0;0'
