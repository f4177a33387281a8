"""Thai labels of the model's choice values: one source for pages, data files and messages."""
from __future__ import annotations

from .integrity import RISK_PROCESSES

PROJECT_STATUS = {"not_started": "ยังไม่ดำเนินการ", "in_progress": "อยู่ระหว่างดำเนินการ",
                  "done": "ดำเนินการแล้ว", "cancelled": "ยกเลิก"}
MEASURE_STATUS = {"not_started": "ยังไม่ดำเนินการ", "in_progress": "อยู่ระหว่างดำเนินการ",
                  "done": "ดำเนินการแล้ว"}
# Status wording of the NACC ITA-o12 form (2568 O12); the contract-period pair is the form's own.
PROCUREMENT_STATUS = {"planned": "อยู่ระหว่างวางแผน",
                      "in_progress": "อยู่ระหว่างดำเนินการจัดซื้อจัดจ้าง",
                      "signed": "ลงนามในสัญญาแล้ว", "in_contract": "อยู่ระหว่างระยะสัญญา",
                      "completed": "สิ้นสุดระยะสัญญา", "cancelled": "ยกเลิก"}
PRIORITY = {"urgent": "แก้ไขเร่งด่วน", "improve": "ควรพัฒนา", "keep": "รักษามาตรฐานไว้"}
NEWS_CATEGORY = {"news": "ข่าวประชาสัมพันธ์", "activity": "กิจกรรม", "announcement": "ประกาศ",
                 "participation": "การมีส่วนร่วม"}
CHANNEL_KIND = {"qa": "ถาม-ตอบ (Q&A)", "line": "LINE", "messenger": "Messenger",
                "chatbot": "แชตบอต", "webboard": "เว็บบอร์ด", "form": "แบบฟอร์มออนไลน์",
                "email": "อีเมล", "phone": "โทรศัพท์", "facebook": "Facebook",
                "youtube": "YouTube", "tiktok": "TikTok", "x": "X", "instagram": "Instagram",
                "website": "เว็บไซต์", "other": "ช่องทางอื่น"}
SERVICE_CHANNEL = {"onsite": "ที่สำนักงาน", "online": "ออนไลน์"}
SIDE = {"political": "ฝ่ายการเมือง", "civil_service": "ฝ่ายข้าราชการประจำ"}

LABELS = {"project_status": PROJECT_STATUS, "measure_status": MEASURE_STATUS,
          "procurement_status": PROCUREMENT_STATUS, "risk_process": RISK_PROCESSES,
          "priority": PRIORITY, "news_category": NEWS_CATEGORY, "channel_kind": CHANNEL_KIND,
          "service_channel": SERVICE_CHANNEL, "side": SIDE}
