/**
 * Checkin sample payloads (punches, day and month reports, schedules) copied exactly from docs/wecom.md §11 (official samples and SKIT fixtures).
 * Regenerate from the doc rather than editing by hand.
 */

export const checkinDataResponse = {
  "errcode": 0,
  "errmsg": "ok",
  "checkindata": [
    {
      "userid": "james",
      "groupname": "打卡一组",
      "checkin_type": "上班打卡",
      "exception_type": "地点异常",
      "checkin_time": 1492617610,
      "location_title": "依澜府",
      "location_detail": "四川省成都市武侯区益州大道中段784号附近",
      "wifiname": "办公一区",
      "notes": "路上堵车，迟到了5分钟",
      "wifimac": "3c:46:d8:0c:7a:70",
      "mediaids": [
        "WWCISP_G8PYgRaOVHjXWUWFqchpBqqqUpGj0OyR9z6WTwhnMZGCPHxyviVstiv_2fTG8YOJq8L8zJT2T2OvTebANV-2MQ"
      ],
      "sch_checkin_time": 1492617610,
      "groupid": 1,
      "schedule_id": 0,
      "timeline_id": 2
    },
    {
      "userid": "paul",
      "groupname": "打卡二组",
      "checkin_type": "外出打卡",
      "exception_type": "时间异常",
      "checkin_time": 1492617620,
      "location_title": "重庆出口加工区",
      "location_detail": "重庆市渝北区金渝大道101号金渝大道",
      "wifiname": "办公室二区",
      "notes": "",
      "wifimac": "3c:46:d8:0c:7a:71",
      "mediaids": [
        "WWCISP_G8PYgRaOVHjXWUWFqchpBqqqUpGj0OyR9z6WTwhnMZGCPHxyviVstiv_2fTG8YOJq8L8zJT2T2OvTebANV-2MQ"
      ],
      "lat": 30547645,
      "lng": 104063236,
      "deviceid": "E5FA89F6-3926-4972-BE4F-4A7ACF4701E2",
      "sch_checkin_time": 1492617610,
      "groupid": 2,
      "schedule_id": 3,
      "timeline_id": 1
    }
  ]
} as const;

export const dayDataResponse = {
  "errcode": 0,
  "errmsg": "ok",
  "datas": [
    {
      "base_info": {
        "date": 1599062400,
        "record_type": 1,
        "name": "张三",
        "name_ex": "Three Zhang",
        "departs_name": "有家企业/realempty;有家企业;有家企业/部门A4",
        "acctid": "ZhangSan",
        "rule_info": {
          "groupid": 10,
          "groupname": "规则测试",
          "scheduleid": 0,
          "schedulename": "",
          "checkintime": [
            {
              "work_sec": 38760,
              "off_work_sec": 38880
            }
          ]
        },
        "day_type": 0
      },
      "summary_info": {
        "checkin_count": 2,
        "regular_work_sec": 31,
        "standard_work_sec": 120,
        "earliest_time": 38827,
        "lastest_time": 38858
      },
      "holiday_infos": [
        {
          "sp_description": {
            "data": [
              {
                "lang": "zh_CN",
                "text": "09/03 10:00~09/03 10:01"
              }
            ]
          },
          "sp_number": "202009030002",
          "sp_title": {
            "data": [
              {
                "lang": "zh_CN",
                "text": "请假0.1小时"
              }
            ]
          }
        },
        {
          "sp_description": {
            "data": [
              {
                "lang": "zh_CN",
                "text": "08/25 14:37~09/10 14:37"
              }
            ]
          },
          "sp_number": "202008270004",
          "sp_title": {
            "data": [
              {
                "lang": "zh_CN",
                "text": "加班17.0小时"
              }
            ]
          }
        }
      ],
      "exception_infos": [
        {
          "count": 1,
          "duration": 60,
          "exception": 1
        },
        {
          "count": 1,
          "duration": 60,
          "exception": 2
        }
      ],
      "ot_info": {
        "ot_status": 1,
        "ot_duration": 3600,
        "exception_duration": [],
        "workday_over_as_vacation": 0,
        "workday_over_as_money": 54000,
        "restday_over_as_vacation": 0,
        "restday_over_as_money": 172800,
        "holiday_over_as_vacation": 0,
        "holiday_over_as_money": 0
      },
      "sp_items": [
        {
          "count": 1,
          "duration": 360,
          "time_type": 0,
          "type": 1,
          "vacation_id": 2,
          "name": "年假"
        },
        {
          "count": 0,
          "duration": 0,
          "time_type": 0,
          "type": 100,
          "vacation_id": 0,
          "name": "外勤次数"
        }
      ]
    }
  ]
} as const;

export const monthDataResponse = {
  "errcode": 0,
  "errmsg": "ok",
  "datas": [
    {
      "base_info": {
        "record_type": 1,
        "name": "张三",
        "name_ex": "Three Zhang",
        "departs_name": "有家企业/realempty;有家企业;有家企业/部门A4",
        "rule_info": {
          "groupid": 10,
          "groupname": "规则测试"
        },
        "acctid": "ZhangSan"
      },
      "summary_info": {
        "except_days": 3,
        "regular_work_sec": 31,
        "standard_work_sec": 29040,
        "work_days": 3
      },
      "exception_infos": [
        {
          "count": 2,
          "duration": 28920,
          "exception": 4
        },
        {
          "count": 1,
          "duration": 60,
          "exception": 1
        },
        {
          "count": 1,
          "duration": 60,
          "exception": 2
        }
      ],
      "sp_items": [
        {
          "count": 0,
          "duration": 0,
          "time_type": 0,
          "type": 100,
          "vacation_id": 0,
          "name": "外勤次数"
        },
        {
          "count": 1,
          "duration": 0,
          "time_type": 0,
          "type": 1,
          "vacation_id": 2,
          "name": "年假"
        }
      ],
      "overwork_info": {
        "workday_over_sec": 54000,
        "restdays_over_sec": 205560,
        "workdays_over_as_vacation": 0,
        "workdays_over_as_money": 54000,
        "restdays_over_as_vacation": 0,
        "restdays_over_as_money": 172800,
        "holidays_over_as_vacation": 0,
        "holidays_over_as_money": 0
      }
    }
  ]
} as const;

export const scheduleListResponse = {
  "schedule_list": [
    {
      "userid": "james",
      "yearmonth": 202011,
      "groupid": 11,
      "groupname": "排班",
      "schedule": {
        "scheduleList": [
          {
            "day": 25,
            "schedule_info": {
              "schedule_id": 229,
              "schedule_name": "早班",
              "time_section": [
                {
                  "id": 1,
                  "work_sec": 32400,
                  "off_work_sec": 43200,
                  "remind_work_sec": 32400,
                  "remind_off_work_sec": 43200
                }
              ]
            }
          },
          {
            "day": 26,
            "schedule_info": {
              "schedule_id": 171,
              "schedule_name": "晚班",
              "time_section": [
                {
                  "id": 2,
                  "work_sec": 64800,
                  "off_work_sec": 79200,
                  "remind_work_sec": 64800,
                  "remind_off_work_sec": 79200
                }
              ]
            }
          },
          {
            "day": 30,
            "schedule_info": {
              "schedule_id": 0,
              "schedule_name": "休息",
              "time_section": []
            }
          }
        ]
      }
    }
  ],
  "errcode": 0,
  "errmsg": "ok"
} as const;
